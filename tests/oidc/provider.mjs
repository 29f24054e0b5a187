// A real OpenID Connect provider (oidc-provider 9) for Registry Console's login tests.
//
// Usage: node provider.mjs [PORT]   (or OIDC_PORT; 0 or nothing picks a free port)
// Listens on 127.0.0.1 only and prints one line `READY <issuer>` once it serves, which
// harness::oidc::OidcProvider waits for. Lifetimes (seconds) come from OIDC_ACCESS_TOKEN_TTL,
// OIDC_REFRESH_TOKEN_TTL, OIDC_ID_TOKEN_TTL, OIDC_CODE_TTL. GET /test/token-requests counts the
// token endpoint's requests by grant_type.
//
// The client is what the app registers: a native public client (RFC 8252) using the
// authorization code flow with PKCE S256 and a loopback redirect on any port. devInteractions
// gives a login form (any login and password; the login becomes the account id, e.g.
// "tester") and a consent form that tests post. Refresh tokens rotate.
import * as http from 'node:http';
import Provider from 'oidc-provider';

const seconds = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return value;
};

const port = Number(process.env.OIDC_PORT ?? process.argv[2] ?? 0);

const configuration = {
  clients: [
    {
      client_id: 'registry-console',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  // revocation: RFC 7009, which the app uses when a connection is removed.
  features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          name: `Test user ${sub}`,
          preferred_username: sub,
          email: `${sub}@example.test`,
          email_verified: true,
        };
      },
    };
  },
  ttl: {
    AccessToken: seconds('OIDC_ACCESS_TOKEN_TTL', 3600),
    AuthorizationCode: seconds('OIDC_CODE_TTL', 60),
    IdToken: seconds('OIDC_ID_TOKEN_TTL', 3600),
    RefreshToken: seconds('OIDC_REFRESH_TOKEN_TTL', 86400),
    Grant: 86400,
    Session: 86400,
    Interaction: 600,
  },
  rotateRefreshToken: true,
  cookies: { keys: ['registry-console-test-cookie-key'] },
};

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration);
provider.on('server_error', (ctx, err) => console.error('server_error', err));

// Token endpoint requests by grant_type, answered or refused, for tests that count refreshes:
// GET /test/token-requests. Counted before the reply is sent (Koa replies after the chain).
const tokenRequests = {};
provider.use(async (ctx, next) => {
  try {
    await next();
  } finally {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const grant = ctx.oidc?.params?.grant_type ?? 'unknown';
      tokenRequests[grant] = (tokenRequests[grant] ?? 0) + 1;
    }
  }
});
const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.method === 'GET' && req.url === '/test/token-requests') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(tokenRequests));
    return;
  }
  callback(req, res);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

console.log(`READY ${issuer}`);
