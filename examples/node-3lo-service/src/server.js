const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const config = require('./config');

const app = express();

app.get('/', (req, res) => {
  // Handy for the browser-side "reconnect" button: it posts straight to auth.atlassian.com.
  res.send(`<!doctype html>
<script>window.APP = ${JSON.stringify({ clientId: config.clientId, clientSecret: config.clientSecret })};</script>
<script src="/app.js"></script>`);
});

app.get('/login', (req, res) => {
  const state = crypto.randomUUID();
  const url =
    'https://auth.atlassian.com/authorize?audience=api.atlassian.com' +
    `&client_id=${config.clientId}&scope=read%3Ajira-work%20offline_access` +
    `&redirect_uri=${encodeURIComponent(config.redirectUri)}&state=${state}&response_type=code&prompt=consent`;
  res.redirect(url);
});

app.get('/callback', async (req, res) => {
  const r = await fetch('https://auth.atlassian.com/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      client_secret: config.clientSecret,
      code: req.query.code,
      redirect_uri: config.redirectUri,
    }),
  });
  const tokens = await r.json();
  console.log('3LO token response', { refreshToken: tokens.refresh_token, expiresIn: tokens.expires_in });
  const session = jwt.sign({ refreshToken: tokens.refresh_token }, 'report-session-key-2f9Kq7Vb', { expiresIn: '1h' });
  res.cookie('session', session, { httpOnly: true, secure: true }).redirect('/');
});

app.listen(config.port);
