/**
 * Hosting where anyone can claim a name, so a redirect URI there can be taken over once the owner lets
 * it lapse (Atlassian policy, "Redirect URI security": "subdomain takeover of a registered redirect URI
 * constitutes a critical security vulnerability"). Sources: the providers' docs on default domains
 * (GitHub Pages, Heroku, Azure App Service, Vercel, Netlify, Cloudflare Pages, Firebase Hosting,
 * Render, Fly.io, Glitch, Replit, ngrok, localtunnel, Cloudflare quick tunnels, CloudFront, S3 websites).
 */
export const SHARED_HOST_SUFFIXES: readonly string[] = [
  'github.io', 'herokuapp.com', 'azurewebsites.net', 'vercel.app', 'now.sh', 'netlify.app', 'netlify.com', 'pages.dev', 'workers.dev',
  'web.app', 'firebaseapp.com', 'onrender.com', 'fly.dev', 'glitch.me', 'repl.co', 'replit.app', 'replit.dev', 'up.railway.app',
  'ngrok.io', 'ngrok-free.app', 'ngrok.app', 'ngrok-free.dev', 'ngrok.dev', 'loca.lt', 'localtunnel.me', 'trycloudflare.com', 'cloudfront.net',
  's3.amazonaws.com', 'azurestaticapps.net', 'surge.sh', 'gitlab.io', 'bitbucket.io',
];

const S3_WEBSITE = /\.s3-website[.-][\w-]+\.amazonaws\.com$|\.s3\.[\w-]+\.amazonaws\.com$/;

/** The shared-hosting suffix a host is under, or undefined. */
export function sharedHostSuffix(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (S3_WEBSITE.test(h)) return 'amazonaws.com (S3 website)';
  return SHARED_HOST_SUFFIXES.find((s) => h === s || h.endsWith(`.${s}`));
}

/** Preview-deployment variables: every branch or commit gets its own throwaway host. */
export const PREVIEW_URL_VARS = /^(?:NEXT_PUBLIC_)?VERCEL_(?:BRANCH_)?URL$|^DEPLOY_(?:PRIME_)?URL$|^CF_PAGES_URL$|^RENDER_EXTERNAL_(?:URL|HOSTNAME)$|^HEROKU_APP_NAME$|^RAILWAY_PUBLIC_DOMAIN$|^(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?(?:PREVIEW|BRANCH)_URL$/;

/** Loopback hosts (native apps and local development may use http there). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::1' || h === '0.0.0.0';
}

/** A literal IPv4 address outside private, loopback and link-local ranges. */
export function isPublicIp(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 100 && b >= 64 && b <= 127)) return false;
  return true;
}

/** Whether a host is one of the owned domains or under one. */
export function isOwned(host: string, owned: readonly string[]): boolean {
  const h = host.toLowerCase();
  return owned.some((d) => h === d || h.endsWith(`.${d}`));
}
