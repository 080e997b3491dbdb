import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressRefusal, type AllowList, bareHost, hostAllowed, parseIP, parseWebhookUrl } from './address-policy';

/** How much of a receiver's answer is read (for the attempt's error text); the rest is dropped. */
export const RESPONSE_CAP_BYTES = 1024;

export interface PostResult {
  status: number;
  /** The start of the answer's body (at most RESPONSE_CAP_BYTES), for a failed attempt's error. */
  snippet: string;
}

/** Refused before any connection: the URL or the address it resolves to is not allowed. */
export class AddressRefused extends Error {}

/** Every address a host name resolves to (an IP address: itself); rejects after `timeoutMs`. */
export async function resolveAll(host: string, timeoutMs = 5_000): Promise<LookupAddress[]> {
  const ip = parseIP(host);
  if (ip) return [{ address: host, family: ip.family }];
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      dnsLookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${host} did not resolve within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A DNS lookup for the socket that refuses the connection unless every address the name resolves to
 * passes the policy, and then connects to the very addresses it checked: DNS rebinding cannot swap
 * the address between the check and the connect, because there is no second lookup.
 */
export function guardedLookup(allow: AllowList, host: string): LookupFunction {
  return (hostname, options, callback) => {
    // Node asks for every address (`all`, with autoSelectFamily) or for one: answer in the form asked for.
    const answer = callback as unknown as (error: Error | null, address: string | LookupAddress[], family?: number) => void;
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    dnsLookup(hostname, { all: true, verbatim: true, family }).then(
      (addresses) => {
        const refused = hostAllowed(allow, host) ? [] : addresses.map((a) => addressRefusal(allow, a.address)).filter((r) => r !== undefined);
        if (addresses.length === 0) return answer(new Error(`${hostname} resolves to no address`), '');
        if (refused.length > 0) return answer(new AddressRefused(`${hostname} resolves to ${refused.join('; ')}`), '');
        return options.all ? answer(null, addresses) : answer(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => answer(error, ''),
    );
  };
}

/**
 * POSTs `body` to `url` as a webhook must: only to an allowed address (an IP literal checked here,
 * a name checked at connect time by `guardedLookup`), no redirects followed (a 3xx is just an answer:
 * the caller counts it as a failed attempt), no connection reuse, aborted after `timeoutMs`, and at
 * most RESPONSE_CAP_BYTES of the answer read.
 */
export async function guardedPost(
  target: string,
  body: string,
  headers: Record<string, string>,
  opts: { allow: AllowList; timeoutMs: number },
): Promise<PostResult> {
  const parsed = parseWebhookUrl(target);
  if ('problem' in parsed) throw new AddressRefused(parsed.problem);
  const { url } = parsed;
  const host = bareHost(url);
  if (parseIP(host)) {
    const refused = addressRefusal(opts.allow, host);
    if (refused) throw new AddressRefused(refused);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve, reject) => {
    const req = send(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: false,
        lookup: guardedLookup(opts.allow, host),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'U4SSC-Roadmap-Webhooks/1', ...headers },
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res: IncomingMessage) => {
        const chunks: Uint8Array[] = [];
        let size = 0;
        const done = () => {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, snippet: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_CAP_BYTES) });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(new Uint8Array(chunk));
          size += chunk.length;
          if (size >= RESPONSE_CAP_BYTES) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.on('error', (error: Error) => reject(error.name === 'AbortError' || error.name === 'TimeoutError' ? new Error(`no answer within ${opts.timeoutMs} ms`) : error));
    req.end(body);
  });
}
