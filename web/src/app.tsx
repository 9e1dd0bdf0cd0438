import { Route, Switch } from 'wouter';
import { AccountPage } from './account/account-page.tsx';
import { CheckoutReturn } from './account/checkout-return.tsx';
import { ArtistPage, GenrePage, ReleasePage } from './catalog/detail-pages.tsx';
import { HomePage } from './catalog/home-page.tsx';
import { SearchPage } from './catalog/search-page.tsx';
import { CookieBanner } from './consent/cookie-banner.tsx';
import { CookieChoicesProvider } from './consent/cookie-choices.tsx';
import { Footer } from './layout/footer.tsx';
import { Header } from './layout/header.tsx';
import { NotFoundPage } from './layout/not-found-page.tsx';
import { NoticeProvider, Notices } from './layout/notices.tsx';
import { PolicyPage } from './members/policy-page.tsx';
import { PolicyPrompt } from './members/policy-prompt.tsx';
import { RegisterPage } from './members/register-page.tsx';
import { SessionProvider } from './members/session.tsx';
import { ForgotPasswordPage, SignInPage } from './members/sign-in-page.tsx';
import { VerifyReminder } from './members/verify-reminder.tsx';

/**
 * The reference web app: everything a member does, through the public GraphQL API only. The
 * server sends index.html for every path outside its own (src/http/web-app.plugin.ts).
 */
export function App() {
  return (
    <SessionProvider>
      <CookieChoicesProvider>
        <NoticeProvider>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <Header />
          <main id="main">
            <VerifyReminder />
            <Notices />
            <Switch>
              <Route path="/" component={HomePage} />
              <Route path="/search" component={SearchPage} />
              <Route path="/genres/:slug" component={GenrePage} />
              <Route path="/artists/:id" component={ArtistPage} />
              <Route path="/releases/:id" component={ReleasePage} />
              <Route path="/policies/:kind" component={PolicyPage} />
              <Route path="/register" component={RegisterPage} />
              <Route path="/sign-in" component={SignInPage} />
              <Route path="/forgot-password" component={ForgotPasswordPage} />
              <Route path="/account" component={AccountPage} />
              <Route component={NotFoundPage} />
            </Switch>
          </main>
          <Footer />
          <CookieBanner />
          <PolicyPrompt />
          <CheckoutReturn />
        </NoticeProvider>
      </CookieChoicesProvider>
    </SessionProvider>
  );
}
