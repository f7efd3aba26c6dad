import { redactSecrets } from '@idx/config'

export type CreateUrlRedactorReturnType = {
  /** The URL as it may be shown: credentials, query values and key-like path segments replaced by `***`. */
  url: string
  /** Replaces, inside any text, the URL and each secret part of it (raw or URL-encoded). */
  redact(text: string): string
}

/** A path segment that looks like an API key: long, with a digit (`/v3/<32 hex>`, `/<token>/ext/bc/C/rpc`). */
const KEY_SEGMENT = /^(?=.*\d)[^/]{12,}$/

/**
 * Makes an RPC URL safe to show. Node providers embed API keys in URLs — as
 * user info (`https://user:key@host`), as a path segment
 * (`https://avax-mainnet.g.alchemy.com/v2/<key>`), or as a query parameter
 * (`?apikey=<key>`) — and error messages must never carry them. The host and
 * short path segments stay (`https://api.avax.network/ext/bc/C/rpc` is shown
 * as is); the rest becomes `***`. Secrets are also scrubbed from any text
 * (a node's error message that echoes the URL) with `redactSecrets` from
 * `@idx/config`.
 *
 * @example
 * ```ts
 * const { url, redact } = createUrlRedactor('https://avax.example.com/v2/9f8e7d6c5b4a39281706?apikey=s3cr3t-k3y')
 * url // 'https://avax.example.com/v2/***?apikey=***'
 * redact('failed: 9f8e7d6c5b4a39281706') // 'failed: ***'
 * ```
 */
export function createUrlRedactor(rawUrl: string): CreateUrlRedactorReturnType {
  let parsed: URL
  try {
    parsed = new URL(rawUrl)
  } catch {
    // Not a URL: show nothing of it but its length, which is enough to tell two apart.
    const shown = `<an invalid URL of ${rawUrl.length} characters>`
    return { url: shown, redact: (text) => text.split(rawUrl).join(shown) }
  }

  const secrets: string[] = []
  const keep = (value: string) => {
    if (value.length > 0) secrets.push(value, decodeURIComponentSafe(value))
  }
  let shown = `${parsed.protocol}//`
  if (parsed.username !== '' || parsed.password !== '') {
    keep(parsed.username)
    keep(parsed.password)
    shown += '***@'
  }
  shown += parsed.host
  shown += parsed.pathname
    .split('/')
    .map((segment) => {
      if (!KEY_SEGMENT.test(segment)) return segment
      keep(segment)
      return '***'
    })
    .join('/')
  if (parsed.search !== '') {
    const parameters = [...parsed.searchParams].map(([name, value]) => {
      if (value.length === 0) return name
      keep(value)
      return `${name}=***`
    })
    shown += `?${parameters.join('&')}`
  }

  // Short values (`?v=1`) are hidden in the shown URL but not hunted in free
  // text, where they would mangle unrelated words and numbers.
  const scrubbed = [...new Set(secrets)].filter((secret) => secret.length >= 6)
  const forms = [...new Set([rawUrl, parsed.href])].sort((a, b) => b.length - a.length)
  return {
    url: shown,
    redact: (text) => {
      let out = text
      for (const form of forms) out = out.split(form).join(shown)
      return redactSecrets(out, scrubbed)
    },
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
