import net from 'node:net'

/**
 * A minimal server speaking PostgreSQL's wire protocol far enough to ask for a
 * password and refuse it with SQLSTATE 28P01, the way a real server with
 * password authentication does (the local test server trusts everyone, so it
 * cannot reject a wrong password).
 */
export async function startPasswordRejectingServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    let stage: 'startup' | 'password' = 'startup'
    socket.on('data', (data) => {
      if (stage === 'startup') {
        const code = data.readInt32BE(4)
        if (code === 80877103) {
          socket.write('N') // SSLRequest: no TLS
          return
        }
        stage = 'password'
        // AuthenticationCleartextPassword
        const auth = Buffer.alloc(9)
        auth.write('R', 0)
        auth.writeInt32BE(8, 1)
        auth.writeInt32BE(3, 5)
        socket.write(auth)
        return
      }
      const fields = Buffer.from(
        'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "idx"\0\0',
        'utf8',
      )
      const error = Buffer.alloc(5)
      error.write('E', 0)
      error.writeInt32BE(fields.length + 4, 1)
      socket.end(Buffer.concat([error, fields]))
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
