/**
 * Compression of large bodies where the client accepts it. Workers compress
 * a body themselves when the response names its Content-Encoding and the
 * body is left to the runtime (encodeBody "automatic", the default): naming
 * it is all there is to do. Cloudflare's edge also compresses what leaves it;
 * this makes `wrangler dev` and any client without the edge in front (the
 * command line, the benchmark) get gzip too.
 */
export function compression(acceptEncoding: string | undefined): Record<string, string> {
  return acceptsGzip(acceptEncoding) ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : { vary: 'accept-encoding' };
}

/** Whether an Accept-Encoding header accepts gzip (named, and not with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((e) => {
    const [name, ...params] = e.trim().toLowerCase().split(';');
    return name === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/**
 * A body stored gzipped, as the client accepts it: the stored bytes as they
 * are (`encodeBody: "manual"` tells workerd they are already encoded), or
 * unpacked as they are sent.
 */
export function gzippedBody(gz: ReadableStream<Uint8Array>, acceptEncoding: string | undefined, headers: Record<string, string>): Response {
  if (acceptsGzip(acceptEncoding)) return new Response(gz, { headers: { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }, encodeBody: 'manual' });
  return new Response(gz.pipeThrough(new DecompressionStream('gzip')), { headers: { ...headers, vary: 'accept-encoding' } });
}
