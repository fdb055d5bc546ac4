// Publishes the weekly sync summary as a Confluence page (plain JS: written before the TS move).
const axios = require('axios');

const CONFLUENCE_URL = 'https://acme.atlassian.net/wiki/api/v2/pages';
const SPACE_ID = process.env.CONFLUENCE_SPACE_ID || '65538';

async function publishSummary(title, html) {
  const response = await axios.post(
    CONFLUENCE_URL,
    {
      spaceId: SPACE_ID,
      status: 'current',
      title,
      body: { representation: 'storage', value: html },
    },
    {
      auth: {
        username: process.env.CONFLUENCE_USER,
        password: process.env.CONFLUENCE_API_TOKEN,
      },
      headers: { Accept: 'application/json' },
    },
  );
  return response.data.id;
}

function renderSummary(issues) {
  const rows = issues
    .map((i) => `<tr><td>${i.key}</td><td>${i.fields.summary}</td><td>${i.fields.status.name}</td></tr>`)
    .join('');
  return `<table><tbody>${rows}</tbody></table>`;
}

module.exports = { publishSummary, renderSummary };
