// The floor of TARGETS.md: a bare node:http server answering the benchmark's catalog page with one
// prepared SQL statement that builds the whole JSON response with json_agg. No GraphQL, no
// framework, no per-field JavaScript: what Mixx's GraphQL answer is measured against.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const genres = (pivot, owner, id) =>
  `(SELECT coalesce(json_agg(json_build_object('name', g.name) ORDER BY g.name, g.id), '[]'::json)
    FROM ${pivot} x JOIN genre g ON g.id = x.genre_id WHERE x.${owner} = ${id})`;

/** `{ tracks(first: $1, orderBy: NEWEST) { edges { node { title artist { name } release { title genres { name } } genres { name } } } } }` */
const NEWEST_PAGE = {
  name: 'floor_newest_page',
  text: `SELECT json_build_object('data', json_build_object('tracks', json_build_object('edges', coalesce(json_agg(
      json_build_object('node', json_build_object(
        'title', t.title,
        'artist', json_build_object('name', a.name),
        'release', CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('title', r.title, 'genres', ${genres('release_genre', 'release_id', 'r.id')}) END,
        'genres', ${genres('track_genre', 'track_id', 't.id')}
      )) ORDER BY t.id DESC), '[]'::json))))::text AS body
    FROM (SELECT id, title, artist_id, release_id FROM track ORDER BY id DESC LIMIT $1) t
    JOIN artist a ON a.id = t.artist_id LEFT JOIN release r ON r.id = t.release_id`,
};

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://floor');
    const first = Math.min(100, Number(url.searchParams.get('first') ?? 50));
    const { rows } = await pool.query({ ...NEWEST_PAGE, values: [first] });
    const body = rows[0].body;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } catch (error) {
    res.writeHead(500);
    res.end(String(error));
  }
});
server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1', () => process.stdout.write('floor ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
