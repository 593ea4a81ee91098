// Reads a WARC file with webrecorder's warcio (an independent reader, in
// JavaScript) and prints one JSON object per record: its type, WARC
// headers, HTTP status and headers, and the payload (the body after the
// HTTP headers, as stored: not decoded) in base64.
//
//   node read-warc.mjs NODE_MODULES_DIR FILE
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import fs from 'node:fs'

const [, , modules, file] = process.argv
const { WARCParser } = await import(pathToFileURL(path.join(modules, 'warcio', 'dist', 'index.js')).href)
const parser = new WARCParser(fs.createReadStream(file))
for await (const record of parser) {
  const out = {
    type: record.warcType,
    id: record.warcHeader('WARC-Record-ID'),
    target: record.warcTargetURI || null,
    date: record.warcDate,
    contentType: record.warcContentType,
    payloadDigest: record.warcPayloadDigest || null,
    blockDigest: record.warcHeader('WARC-Block-Digest') || null,
    warcinfo: record.warcHeader('WARC-Warcinfo-ID') || null,
  }
  if (record.httpHeaders) {
    out.status = record.httpHeaders.statusCode
    out.headers = Object.fromEntries(record.httpHeaders.headers)
  }
  const payload = await record.readFully(false)
  out.payload = Buffer.from(payload).toString('base64')
  process.stdout.write(JSON.stringify(out) + '\n')
}
