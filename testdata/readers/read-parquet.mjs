// Reads a Parquet file with hyparquet (an independent reader, in
// JavaScript) and prints, as JSON lines: first {"columns": [...names in
// order], "metadata": {key: value}}, then one object per row. DATE and
// TIMESTAMP values print as ISO strings, INT64 as numbers.
//
//   node read-parquet.mjs NODE_MODULES_DIR FILE
import { pathToFileURL } from 'node:url'
import path from 'node:path'

const [, , modules, file] = process.argv
const hp = await import(pathToFileURL(path.join(modules, 'hyparquet', 'src', 'node.js')).href)
const buf = await hp.asyncBufferFromFile(file)
const meta = await hp.parquetMetadataAsync(buf)
const columns = hp.parquetSchema(meta).children.map(c => c.element.name)
const kv = Object.fromEntries((meta.key_value_metadata || []).map(e => [e.key, e.value]))
const out = value => JSON.stringify(value, (k, v) => typeof v === 'bigint' ? Number(v) : v)
process.stdout.write(out({ columns, metadata: kv, rows: Number(meta.num_rows) }) + '\n')
const rows = await hp.parquetReadObjects({ file: buf, utf8: true })
for (const row of rows) {
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) row[k] = v.toISOString()
  }
  process.stdout.write(out(row) + '\n')
}
