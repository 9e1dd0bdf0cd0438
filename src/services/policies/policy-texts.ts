/**
 * Version 1 of Mixx's Terms of Use and Privacy Policy, as Lexical documents for the CMS. Staff edit
 * later versions in the admin; these texts only seed an empty CMS. Every promise below is one the
 * code keeps (see the contract's "Privacy promises the API keeps"): do not promise more here.
 */

type Block = { heading: string } | { paragraph: string } | { list: string[] };

export type LexicalDocument = {
  root: {
    type: 'root';
    version: 1;
    direction: 'ltr';
    format: '';
    indent: 0;
    children: Record<string, unknown>[];
  };
};

export type PolicyText = {
  kind: 'terms' | 'privacy';
  title: string;
  changeSummary: string;
  body: LexicalDocument;
};

const text = (value: string) => ({
  type: 'text',
  version: 1,
  text: value,
  format: 0,
  detail: 0,
  mode: 'normal',
  style: '',
});

const element = { version: 1, direction: 'ltr', format: '', indent: 0 } as const;

function toNode(block: Block): Record<string, unknown> {
  if ('heading' in block) return { ...element, type: 'heading', tag: 'h2', children: [text(block.heading)] };
  if ('paragraph' in block) {
    return { ...element, type: 'paragraph', textFormat: 0, textStyle: '', children: [text(block.paragraph)] };
  }
  return {
    ...element,
    type: 'list',
    listType: 'bullet',
    tag: 'ul',
    start: 1,
    children: block.list.map((item, index) => ({ ...element, type: 'listitem', value: index + 1, children: [text(item)] })),
  };
}

/** Builds a Lexical document from headings, paragraphs and bullet lists. */
export function lexicalDocument(blocks: Block[]): LexicalDocument {
  return { root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children: blocks.map(toNode) } };
}

const h = (heading: string): Block => ({ heading });
const p = (paragraph: string): Block => ({ paragraph });
const ul = (...list: string[]): Block => ({ list });

export const termsOfUse: PolicyText = {
  kind: 'terms',
  title: 'Mixx Terms of Use',
  changeSummary: 'First version.',
  body: lexicalDocument([
    p(
      'Mixx is a members-only service for downloading music. These terms are the agreement between you and Mixx. ' +
        'Using Mixx means accepting the version of these terms that is in force; please read them together with our Privacy Policy.',
    ),
    h('1. Accepting these terms'),
    ul(
      'To register, you accept the current versions of these Terms of Use and of the Privacy Policy. We record which versions you accepted and when.',
      'Every version is numbered, dated and kept unchanged, so you can always read the exact text you agreed to.',
      'When we publish a version that changes something important, we mark it as requiring renewed acceptance. Until you accept it, you can still sign in, read it and manage your account, but you cannot download music.',
      'Smaller changes (corrections, clarifications) take effect on their effective date without asking you again; their summary tells you what changed.',
    ),
    h('2. Your membership'),
    ul(
      'Only registered members download music.',
      'Give us an e-mail address that is yours and confirm it from the message we send; downloads start once the address is confirmed.',
      'Your account is for you alone. Keep your password to yourself and do not share your account or your download links.',
      'You can see and end your active sessions at any time, and you can close your account whenever you like.',
    ),
    h('3. Downloads and plans'),
    ul(
      'Each plan includes a number of downloads per period. The Free plan has a daily limit that resets at midnight UTC; your account shows how many downloads you have left.',
      'A download link is personal and expires after a short time. Do not publish or pass it on.',
      'Do not try to get around download limits, for example with several accounts or automated tools.',
    ),
    h('4. What you may do with the music'),
    p(
      'The music on Mixx belongs to its artists and rights holders. A download gives you a personal, non-transferable licence to listen to that track for your own, non-commercial use. ' +
        'You may not sell, upload, stream, broadcast or otherwise share the files, and you may not remove any information embedded in them.',
    ),
    h('5. Fair use of the service'),
    ul(
      'Do not attack, overload or probe the service, and do not collect data from it in bulk.',
      'Do not impersonate anyone or use Mixx to break the law.',
      'We may limit the rate of requests, and we may suspend an account that breaks these terms.',
    ),
    h('6. E-mails from Mixx'),
    p(
      'We send service e-mails you need, such as address confirmation and password reset. News and other information e-mails go only to members who asked for them and confirmed that choice; ' +
        'each one carries a link to stop them with one click, without signing in.',
    ),
    h('7. Closing your account'),
    p(
      'You can delete your account at any time from your account settings. We then erase your personal data as described in the Privacy Policy. ' +
        'Licences for tracks you downloaded before remain valid for your personal use.',
    ),
    h('8. Our responsibility'),
    p(
      'We work to keep Mixx available and its files intact, but we provide the service as it is and cannot promise it will never be interrupted. ' +
        'Nothing in these terms limits rights that the law gives you and that cannot be waived.',
    ),
    h('9. Contact'),
    p('Questions about these terms can be sent to the Mixx team through the contact details shown in the app.'),
  ]),
};

export const privacyPolicy: PolicyText = {
  kind: 'privacy',
  title: 'Mixx Privacy Policy',
  changeSummary: 'First version.',
  body: lexicalDocument([
    p(
      'This policy explains what Mixx knows about you, why, and what we will never do with it. ' +
        'Each promise here is built into how Mixx stores and handles data, and automated tests check it.',
    ),
    h('1. What we keep about you'),
    ul(
      'Your account: your e-mail address, your display name, your plan and whether your address is confirmed.',
      'Your password, only as an argon2id hash. We never store or see the password itself.',
      'Your sessions: when each started and was last used, and the browser or app that opened it. The session token itself is stored only as a hash.',
      'Your downloads: which tracks you downloaded and when, to count your plan’s downloads and to show you your history.',
      'Your choices: which versions of the Terms of Use and of this policy you accepted, your e-mail consent and your cookie preferences, each with the date. These records are kept as an unalterable history.',
      'The browsers you signed in from: a random device id, with when it was first and last used, so that a stranger’s wrong passwords never lock you out.',
      'If you pay for Premium: the payment provider’s ids for you and your subscription, its status and period, and your invoices’ amounts and dates.',
    ),
    h('2. Your personal data stays with us'),
    p(
      'We never show your personal data to a third party without your permission. The only exception is a legal obligation, such as a court order; ' +
        'each such disclosure is recorded. You can see and withdraw the permissions you gave at any time.',
    ),
    p(
      'A partner app you allow to act for you receives only what you granted it, and knows you by an id made for that app alone. ' +
        'Every answer that carries your data to it is recorded first, and your account shows what each app and each legal disclosure received, and when.',
    ),
    h('3. Cookies'),
    ul(
      'Cookies personalise Mixx; they never contain your password, your login name or any other personal data.',
      'mixx_session keeps you signed in. It holds a random token and is not readable by scripts on the page.',
      'mixx_visitor holds a random identifier and nothing else, so that your cookie choices are remembered before you sign in.',
      'mixx_device holds a random identifier of your browser and nothing else, so that limits on sign-in attempts meant for strangers do not lock you out.',
      'Necessary cookies are always on; preference and analytics cookies are used only if you switch them on, and you can change your choice at any time.',
    ),
    h('4. IP addresses'),
    p(
      'Your IP address is used only to diagnose problems and to protect the service against abuse. No table, log line or data export ever holds an IP address ' +
        'together with your member id, e-mail address or session. To limit repeated attempts we keep only a keyed hash of the address, ' +
        'made with a key that changes every day and is never stored.',
    ),
    h('5. E-mails'),
    ul(
      'Service e-mails (confirming your address, resetting your password, confirming a consent) are sent when you ask for them.',
      'Information e-mails, such as news about new music, are sent only if you agreed to receive them and confirmed that choice from the e-mail we sent.',
      'Every information e-mail has a one-click unsubscribe link that works without signing in. You can also withdraw your consent in your account settings.',
    ),
    h('6. How we protect your data'),
    ul(
      'Passwords are hashed with argon2id; session, verification and reset tokens are stored only as hashes.',
      'Staff get only the access their role needs, and staff accounts are created by an administrator: there is no open sign-up for staff.',
      'Premium is paid on the payment provider’s own pages: no card number or bank detail ever reaches Mixx, and staff never see payment details.',
    ),
    h('7. Your rights'),
    ul(
      'See and download everything Mixx holds about you, from your account settings.',
      'Correct your display name and change your e-mail address or password.',
      'Withdraw your e-mail consent or change your cookie choices at any time.',
      'Delete your account: your personal data is erased and every session ends.',
    ),
    h('8. How long we keep data'),
    p(
      'We keep your account data while your account exists. Sessions expire on their own and can be ended by you at any time. ' +
        'Diagnostic logs are kept only as long as needed to run the service and contain no IP address next to anything that identifies you.',
    ),
    h('9. Changes to this policy'),
    p(
      'Every version of this policy is numbered, dated and kept unchanged. If a new version changes something important, ' +
        'we ask you to accept it before your next download, and its summary tells you what changed.',
    ),
    h('10. Contact'),
    p('Questions about your data can be sent to the Mixx team through the contact details shown in the app.'),
  ]),
};

export const initialPolicyTexts: readonly PolicyText[] = [termsOfUse, privacyPolicy];
