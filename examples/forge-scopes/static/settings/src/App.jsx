import React, { useEffect, useState } from 'react';
import { requestJira } from '@forge/bridge';

/** Custom UI calls Jira directly, as the viewing user, through @forge/bridge. */
export default function Settings() {
  const [me, setMe] = useState(null);
  useEffect(() => {
    requestJira('/rest/api/3/myself')
      .then((res) => res.json())
      .then(setMe);
  }, []);
  return <p>Signed in as {me ? me.displayName : '…'}</p>;
}
