/**
 * GitHub OAuth done in the browser. The developer moved the secret out of the code into the build
 * environment, but Create React App inlines every REACT_APP_* variable into the bundle users download.
 */
const CLIENT_ID = 'Iv1.8a61f9b3a48f9a3b';
const clientSecret = process.env.REACT_APP_GITHUB_CLIENT_SECRET;

export function authorizeUrl(state) {
  return `https://github.com/login/oauth/authorize?client_id=${CLIENT_ID}&state=${state}`;
}

export async function exchangeCode(code) {
  const res = await fetch('https://github.com/login/oauth/access_token', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT_ID, client_secret: clientSecret, code }),
  });
  return res.json();
}
