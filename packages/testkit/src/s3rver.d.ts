// The part of s3rver (which ships no types) that startS3Server uses.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export default class S3rver {
    constructor(options: {
      directory: string
      silent?: boolean
      vhostBuckets?: boolean
      configureBuckets?: { name: string }[]
    })
    configureBuckets(): Promise<void>
    callback(): (request: IncomingMessage, response: ServerResponse) => void
  }
}
