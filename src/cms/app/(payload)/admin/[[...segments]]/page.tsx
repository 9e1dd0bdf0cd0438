import config from '@payload-config';
import { generatePageMetadata, RootPage } from '@payloadcms/next/views';
import type { Metadata } from 'next';
import { importMap } from '../importMap.js';

type Args = {
  params: Promise<{ segments: string[] }>;
  searchParams: Promise<{ [key: string]: string | string[] }>;
};

/**
 * The create-first-user route is closed and shows the login form (see ClosedFirstUserView); give
 * it the login page's title instead of Payload's "Create first user".
 */
const titledAsLogin = async (params: Args['params']): Promise<{ segments: string[] }> => {
  const [{ segments }, { admin }] = await Promise.all([params, config]);
  return segments?.length === 1 && `/${segments[0]}` === admin.routes.createFirstUser ? { segments: ['login'] } : { segments };
};

export const generateMetadata = ({ params, searchParams }: Args): Promise<Metadata> =>
  generatePageMetadata({ config, params: titledAsLogin(params), searchParams });

export default function Page({ params, searchParams }: Args) {
  return RootPage({ config, importMap, params, searchParams });
}
