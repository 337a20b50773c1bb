import { connect } from 'node:net';

/**
 * Writes `request` to the server at `url` exactly as given (a target fetch would normalise, framing
 * it would refuse) and resolves with everything the server sent until it closed the connection.
 */
export function rawHttp(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
