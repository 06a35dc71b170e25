// Converts the VADER lexicon and word lists of the npm package vader-sentiment
// (a devDependency) into core/sentiment/lexicon_gen.go.
//
//   node build/lexicon.mjs [OUT]     (OUT defaults to core/sentiment/lexicon_gen.go)
//
// The valences come from the package's data file vader_lexicon.txt (word, mean
// rating, ...), last line winning for a repeated word, as the package's own
// lexicon object does; the script checks that the two agree. The rule word
// lists (negations, boosters, idioms) and the rule constants are read from the
// package's module by importing a copy of its source, so nothing is typed by
// hand here.
//
// The Go side wants a small binary and no start-up work, so the table is
// static data: one string of all words sorted byte-wise, the end offset of
// each word, and each valence in tenths (every VADER valence has one decimal).
// The Go package builds its hash index over it on first use.
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(root, process.argv[2] ?? "core/sentiment/lexicon_gen.go");
const require = createRequire(join(root, "package.json"));
const pkgDir = dirname(require.resolve("vader-sentiment/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const notice = readFileSync(join(pkgDir, "NOTICE"), "utf8").trim();
const license = readFileSync(join(pkgDir, "LICENSE"), "utf8").trim();

function fail(msg) {
  console.error(`lexicon: ${msg}`);
  process.exit(1);
}

// ASCII-only lower-casing: the Go tokenizer lower-cases exactly this way.
const lowerASCII = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

// --- the data file
const rows = new Map(); // word as written -> tenths; a later line wins
for (const [n, line] of readFileSync(join(pkgDir, "vader_lexicon.txt"), "utf8").split("\n").entries()) {
  if (line.trim() === "") continue;
  const [word, mean] = line.split("\t");
  if (!/^-?\d+\.\d$/.test(mean ?? "")) fail(`vader_lexicon.txt line ${n + 1}: valence ${JSON.stringify(mean)} is not d.d`);
  rows.set(word, Math.round(Number(mean) * 10));
}

// --- the package's module: rule lists and constants, and its lexicon object
const tmp = mkdtempSync(join(tmpdir(), "vader-"));
let mod, lexObj;
try {
  const src = readFileSync(join(pkgDir, "src", "vaderSentiment.js"), "utf8");
  const req = "const LEXICON = require('./vader_lexicon.js').lexicon;";
  if (!src.includes(req)) fail(`src/vaderSentiment.js of ${pkg.version} no longer loads its lexicon as expected`);
  writeFileSync(join(tmp, "vader.mjs"), src.replace(req, "import { lexicon as LEXICON } from './lexicon.mjs';"));
  writeFileSync(join(tmp, "lexicon.mjs"), readFileSync(join(pkgDir, "src", "vader_lexicon.js"), "utf8"));
  mod = await import(pathToFileURL(join(tmp, "vader.mjs")).href);
  lexObj = (await import(pathToFileURL(join(tmp, "lexicon.mjs")).href)).lexicon;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
for (const name of ["NEGATE", "BOOSTER_DICT", "SPECIAL_CASE_IDIOMS", "B_INCR", "B_DECR", "C_INCR", "N_SCALAR"]) {
  if (mod[name] === undefined) fail(`the package no longer exports ${name}`);
}
// The data file and the module's lexicon must say the same.
if (Object.keys(lexObj).length !== rows.size) fail(`lexicon object has ${Object.keys(lexObj).length} words, the data file ${rows.size}`);
for (const [word, tenths] of rows) {
  if (Math.round(lexObj[word] * 10) !== tenths) fail(`lexicon object and data file differ on ${JSON.stringify(word)}`);
}

// --- the table the Go lookup uses: keys lower-cased (ASCII) as tokens are.
// VADER lower-cases the token but not the entry, so ":D" or ":P" never
// matched there; here they do. Where the lower-cased form is also an entry of
// its own (":p" and ":P"), the entry written in lower case wins: it is the one
// VADER used.
const table = new Map();
const phrases = [];
for (const [word, tenths] of rows) {
  if (/\s/.test(word)) {
    phrases.push(word); // "can't stand": VADER's tokens never hold a space
    continue;
  }
  const key = lowerASCII(word);
  if (table.has(key) && key !== word) continue;
  table.set(key, tenths);
}
const words = [...table.keys()].sort(byteOrder);
for (const w of words) {
  const t = table.get(w);
  if (t < -128 || t > 127) fail(`valence of ${w} out of int8 tenths`);
}
const joined = words.join("");
const bytes = Buffer.byteLength(joined, "utf8");
const endType = bytes < 65536 ? "uint16" : "uint32";

const negations = [...new Set(mod.NEGATE.map(lowerASCII))].sort(byteOrder);
const boosters = Object.entries(mod.BOOSTER_DICT)
  .map(([w, v]) => {
    if (v !== mod.B_INCR && v !== mod.B_DECR) fail(`booster ${w} has scalar ${v}`);
    return [lowerASCII(w), v === mod.B_INCR];
  })
  .sort((a, b) => byteOrder(a[0], b[0]));
const idioms = Object.entries(mod.SPECIAL_CASE_IDIOMS)
  .map(([w, v]) => {
    if (!Number.isInteger(v * 10)) fail(`idiom ${w} valence ${v}`);
    return [lowerASCII(w), Math.round(v * 10)];
  })
  .sort((a, b) => byteOrder(a[0], b[0]));

// --- Go source
const goString = (s) => JSON.stringify(s); // a JSON string is a valid Go string literal here
function chunks(s, width) {
  // split between code points, never inside one
  const parts = [];
  let cur = "";
  for (const ch of s) {
    if (Buffer.byteLength(cur + ch, "utf8") > width) {
      parts.push(cur);
      cur = "";
    }
    cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}
function numbers(list, perLine) {
  const lines = [];
  for (let i = 0; i < list.length; i += perLine) lines.push("\t" + list.slice(i, i + perLine).join(", ") + ",");
  return lines.join("\n");
}
const comment = (text) => text.split("\n").map((l) => ("// " + l).trimEnd()).join("\n");

let ends = [];
let off = 0;
for (const w of words) {
  off += Buffer.byteLength(w, "utf8");
  ends.push(off);
}

const go = `// Code generated by build/lexicon.mjs from the npm package ${pkg.name} ${pkg.version}. DO NOT EDIT.

${comment(`The valence lexicon and the rule word lists and constants below are data of
the npm package ${pkg.name} ${pkg.version} (${pkg.repository?.url ?? ""}),
licence ${pkg.license}. The lexicon is the VADER lexicon of Hutto, C.J. & Gilbert,
E.E. (2014), VADER: A Parsimonious Rule-based Model for Sentiment Analysis of
Social Media Text, ICWSM-14. The package's NOTICE reads:

${notice}

Its LICENSE is reproduced at the end of this file.`)}

package sentiment

// The lexicon's origin, for the result document and the README.
const (
	LexiconPackage = ${goString(pkg.name)}
	LexiconVersion = ${goString(pkg.version)}
	LexiconLicense = ${goString(pkg.license)}
)

// Rule constants of the package.
const (
	// bIncr is what a booster word adds to the magnitude of a sentiment word.
	bIncr = ${mod.B_INCR}
	// bDecr is what a dampener word adds (it is negative).
	bDecr = ${mod.B_DECR}
	// cIncr is what an ALL-CAPS sentiment word among other words gains.
	cIncr = ${mod.C_INCR}
	// nScalar multiplies the valence of a negated sentiment word.
	nScalar = ${mod.N_SCALAR}
)

// lexWords holds the ${words.length} words of the lexicon, lower-cased (ASCII) and sorted
// byte-wise; word i is lexWords[lexEnds[i-1]:lexEnds[i]] (from 0 for i = 0),
// and its valence is lexTenths[i]/10. ${rows.size - table.size - phrases.length} entries written with capitals
// fold into their lower-case form (one already there wins); ${phrases.length} entries of
// several words are left out, as no token can hold a space:
// ${phrases.map((p) => JSON.stringify(p)).join(", ")}.
const lexWords = ${chunks(joined, 96).map(goString).join(" +\n\t")}

var lexEnds = [${words.length}]${endType}{
${numbers(ends, 16)}
}

var lexTenths = [${words.length}]int8{
${numbers(words.map((w) => table.get(w)), 24)}
}

// negationWords negate a sentiment word up to three words after them.
var negationWords = [...]string{
${numbers(negations.map(goString), 8)}
}

// boosterWords raise (up) or lower the magnitude of the sentiment word after them.
var boosterWords = [...]booster{
${boosters.map(([w, up]) => `\t{${goString(w)}, ${up}},`).join("\n")}
}

// idiomWords replace the valence of their words with their own, in tenths.
var idiomWords = [...]idiom{
${idioms.map(([w, t]) => `\t{${goString(w)}, ${t}},`).join("\n")}
}

${comment(`The package's LICENSE:

${license}`)}
`;

writeFileSync(out, go);
console.log(`lexicon: ${words.length} words (${bytes} bytes), ${negations.length} negations, ${boosters.length} boosters, ${idioms.length} idioms from ${pkg.name} ${pkg.version} -> ${out}`);
