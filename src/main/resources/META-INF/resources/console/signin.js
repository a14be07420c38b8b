// Sign-in with Microsoft Entra ID when the service requires it: MSAL.js (Microsoft's library for single-page
// applications, served from this origin: vendor/) runs the authorization code flow with PKCE, by redirect. Its cache is
// sessionStorage (MSAL's default): the tab's own, gone when the tab closes, never localStorage, which outlives it and
// which every tab shares. MSAL 5 allows a redirect only with a storage that outlives the redirect (docs/security.md).

let app = null;
let scopes = [];

/** Loads a script from this origin; false if it is not there. */
function load(src) {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(true);
    script.onerror = () => resolve(false);
    document.head.append(script);
  });
}

/**
 * Reads the service's sign-in settings and, where sign-in is needed, completes a sign-in that is coming back.
 * @returns {{required: boolean, account?: object, problem?: string}}
 */
export async function start() {
  const settings = await (await fetch('settings.json', { headers: { Accept: 'application/json' } })).json();
  if (!settings.signInRequired) return { required: false };
  if (!settings.signIn) {
    return { required: true, problem: 'Sign-in is not set up: the service needs jobs.console.client-id (see docs/console.md).' };
  }
  if (!(await load('vendor/msal-browser.min.js'))) {
    return { required: true, problem: 'This build of the service lacks its sign-in library (it was built without npm).' };
  }
  scopes = settings.signIn.scopes;
  const here = `${location.origin}${location.pathname}`;
  app = new window.msal.PublicClientApplication({
    auth: {
      clientId: settings.signIn.clientId,
      authority: settings.signIn.authority,
      knownAuthorities: settings.signIn.knownAuthorities,
      redirectUri: here,
      postLogoutRedirectUri: here,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await app.initialize();
  const result = await app.handleRedirectPromise();
  const account = (result && result.account) || app.getAllAccounts()[0] || null;
  if (account) app.setActiveAccount(account);
  return { required: true, account };
}

export function signIn() {
  return app.loginRedirect({ scopes });
}

export function signOut() {
  return app.logoutRedirect();
}

/** An access token for the API, from MSAL's cache or renewed; a redirect to sign in when neither can be had. */
export async function token() {
  if (!app || !app.getActiveAccount()) return null;
  try {
    return (await app.acquireTokenSilent({ scopes })).accessToken;
  } catch (error) {
    if (error instanceof window.msal.InteractionRequiredAuthError) await app.acquireTokenRedirect({ scopes });
    throw error;
  }
}
