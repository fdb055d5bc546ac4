require('dotenv').config();

/**
 * "Temporary" defaults so the service starts without a .env file. The secret below is a made-up
 * stand-in for the real one a developer pasted here; the callback page lives on GitHub Pages.
 */
module.exports = {
  clientId: process.env.ATLASSIAN_CLIENT_ID || 'kq9Zt2mXbW4rLp7N',
  clientSecret: process.env.ATLASSIAN_CLIENT_SECRET || 'demo3LO-7Qm2vX9k-not-a-real-secret',
  redirectUri: process.env.ATLASSIAN_REDIRECT_URI || 'https://acme-labs.github.io/jira-report/callback.html',
  port: Number(process.env.PORT || 3000),
};
