import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPayload } from '@payloadcms/next/withPayload';

// The network is closed: never phone home, whoever runs the build or the server.
process.env.NEXT_TELEMETRY_DISABLED = '1';

const cmsDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(cmsDir, '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The CMS imports code outside src/cms (src/services/policies) and node_modules at the repo root.
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  poweredByHeader: false,
};

export default withPayload(nextConfig);
