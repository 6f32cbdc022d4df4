/**
 * Compression of large bodies where the client accepts it. Workers compress
 * a body themselves when the response names its Content-Encoding and the
 * body is left to the runtime (encodeBody "automatic", the default): naming
 * it is all there is to do. Cloudflare's edge also compresses what leaves it;
 * this makes `wrangler dev` and any client without the edge in front (the
 * command line, the benchmark) get gzip too.
 */
export function compression(acceptEncoding: string | undefined): Record<string, string> {
  const accepts = (acceptEncoding ?? '').split(',').some((e) => {
    const [name, ...params] = e.trim().toLowerCase().split(';');
    return name === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
  return accepts ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : { vary: 'accept-encoding' };
}
