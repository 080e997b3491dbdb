import { TestServer } from './harness';

/** A browser's view of the dashboard through supertest: its cookies and the CSRF token of the last page. */
export interface PageClient {
  cookie: string;
  csrf: string;
  /** The Set-Cookie of the session, as the server sent it. */
  setCookie: string;
}

export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export const cookiesOf = (res: { headers: Record<string, unknown> }): string[] => {
  const set = res.headers['set-cookie'];
  return Array.isArray(set) ? (set as string[]) : typeof set === 'string' ? [set] : [];
};

/** Signs in through the login form as a browser would: GET the form (its pre-session cookie and token), POST it. */
export async function signIn(server: TestServer, email: string, password = 'password-123'): Promise<PageClient> {
  const form = await server.http.get('/login');
  const loginCookie = cookiesOf(form).map((c) => c.split(';')[0]).join('; ');
  const res = await server.http
    .post('/login')
    .set('Cookie', loginCookie)
    .type('form')
    .send({ email, password, _csrf: csrfOf(form.text), next: '/' });
  if (res.status !== 303) throw new Error(`signing in ${email}: ${res.status} ${res.text.slice(0, 300)}`);
  const setCookie = cookiesOf(res).find((c) => c.startsWith('u4ssc_session=')) ?? '';
  const cookie = setCookie.split(';')[0];
  const home = await server.http.get('/').set('Cookie', cookie);
  return { cookie, csrf: csrfOf(home.text), setCookie };
}
