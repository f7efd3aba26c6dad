/**
 * Where stored block files live, as the stored-blocks source sees it: a
 * folder (`createFolderBlockFiles`) or an S3-compatible bucket
 * (`createS3BlockFiles`). Names are relative to the location (a file name, or
 * an object key without the prefix).
 */
export type BlockFileStore = {
  /** What the location is, for messages: `folder "/data/blocks"`, `bucket "s3://blocks/avalanche/"`. */
  location: string
  /** Every name in the location (not only block files). */
  list(): Promise<string[]>
  /** One file's bytes; a missing file is a `StoredBlockFileMissingError`. */
  read(name: string): Promise<Uint8Array>
  /** How one file is named in a message: its path, or `s3://bucket/key`. */
  describe(name: string): string
  close?(): Promise<void>
}
