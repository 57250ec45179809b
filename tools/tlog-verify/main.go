// Command tlog-verify checks a gongkai log with Go's reference implementations of the C2SP formats
// (golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog), not with gongkai's own code:
//
//   - the checkpoint (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note) opens with the verifier key;
//   - the hash tiles (c2sp.org/tlog-tiles) reproduce the checkpoint's root (tlog.TileHashReader checks
//     every tile it reads against the tree) and every entry bundle hashes to its level-0 tile;
//   - the JSON inclusion proof of every entry, and the consistency proof from an older checkpoint, check
//     with tlog.CheckRecord and tlog.CheckTree;
//   - a c2sp.org/tlog-proof file checks against its checkpoint;
//   - a verifiable public view (GET /v1/log/public-view/<event id>) is the canonical JSON (RFC 8785, checked
//     with github.com/gowebpki/jcs) whose SHA-256 is the entry its tlog-proof proves, and a supervisor's
//     opening of one hidden value matches its salted commitment.
//
// It exits 0 after printing what it checked, 1 with the first failure.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gowebpki/jcs"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

type checkpoint struct {
	origin string
	size   int64
	hash   tlog.Hash
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func get(url string) []byte {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		fail("GET %s: status %d: %s", url, resp.StatusCode, body)
	}
	return body
}

// openCheckpoint opens a signed note with the log's key and parses the tlog-checkpoint body.
func openCheckpoint(msg []byte, verifier note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint note does not open with the key: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		fail("checkpoint body has fewer than three lines: %q", n.Text)
	}
	if lines[0] != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		fail("bad tree size line %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("bad root hash line %q", lines[2])
	}
	var hash tlog.Hash
	copy(hash[:], raw)
	return checkpoint{origin: lines[0], size: size, hash: hash}
}

// httpTiles reads c2sp.org/tlog-tiles over HTTP: Go's tile paths are `tile/<H>/<L>/<N>`, C2SP's drop `<H>`.
type httpTiles struct{ log string }

func (r httpTiles) Height() int { return tileHeight }

func (r httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", tileHeight))
		data[i] = get(r.log + "/tile/" + path)
	}
	return data, nil
}

func (r httpTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func decodeHexHashes(list []string) []tlog.Hash {
	hashes := make([]tlog.Hash, len(list))
	for i, s := range list {
		raw, err := hex.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			fail("bad hash %q", s)
		}
		copy(hashes[i][:], raw)
	}
	return hashes
}

// entryBundle splits a bundle of big-endian uint16 length-prefixed entries.
func entryBundle(data []byte) [][]byte {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			fail("truncated entry bundle")
		}
		n := int(data[0])<<8 | int(data[1])
		if len(data) < 2+n {
			fail("truncated entry bundle")
		}
		entries = append(entries, data[2:2+n])
		data = data[2+n:]
	}
	return entries
}

func main() {
	logURL := flag.String("log", "", "log prefix URL, e.g. http://host/v1/log")
	apiURL := flag.String("api", "", "JSON proof API prefix, e.g. http://host/v1/integrity (optional)")
	key := flag.String("key", "", "note verifier key <name>+<id>+<base64>")
	old := flag.String("old", "", "a checkpoint note saved earlier: check consistency with it (needs -api)")
	proofFile := flag.String("proof", "", "a c2sp.org/tlog-proof file to check")
	proofEntry := flag.String("entry", "", "hex entry (leaf data) the -proof file must prove")
	viewID := flag.String("view", "", "event id: fetch its verifiable public view from -log and check it")
	viewFile := flag.String("view-file", "", "a saved verifiable public view (JSON) to check")
	openFile := flag.String("open", "", "with -view or -view-file: a JSON opening {pointer, value, salt} of one hidden value")
	flag.Parse()
	if *key == "" {
		fail("-key is required")
	}
	verifier, err := note.NewVerifier(*key)
	if err != nil {
		fail("bad verifier key: %v", err)
	}

	if *proofFile != "" {
		checkProofFile(*proofFile, *proofEntry, verifier)
	}
	if *viewFile != "" || *viewID != "" {
		var body []byte
		if *viewFile != "" {
			body, err = os.ReadFile(*viewFile)
			if err != nil {
				fail("reading %s: %v", *viewFile, err)
			}
		} else {
			if *logURL == "" {
				fail("-view needs -log")
			}
			body = get(*logURL + "/public-view/" + *viewID)
		}
		// A view is checked on its own: its tlog-proof carries the checkpoint it is proven against.
		checkPublicView(body, *openFile, verifier)
		return
	}
	if *logURL == "" {
		return
	}

	cp := openCheckpoint(get(*logURL+"/checkpoint"), verifier)
	fmt.Printf("checkpoint: origin %s, size %d, root %s: signature OK\n", cp.origin, cp.size, cp.hash)

	reader := tlog.TileHashReader(tlog.Tree{N: cp.size, Hash: cp.hash}, httpTiles{log: *logURL})
	root, err := tlog.TreeHash(cp.size, reader)
	if err != nil || root != cp.hash {
		fail("tiles do not reproduce the checkpoint root: %v", err)
	}
	fmt.Printf("tiles: the tree hash from the tiles is the checkpoint root\n")

	// Every entry bundle hashes to the level-0 tile hashes (which TileHashReader has checked).
	for start := int64(0); start < cp.size; start += 256 {
		width := cp.size - start
		if width > 256 {
			width = 256
		}
		suffix := ""
		if width < 256 {
			suffix = fmt.Sprintf(".p/%d", width)
		}
		t := tlog.Tile{H: tileHeight, L: 0, N: start / 256, W: int(width)}
		path := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/0/", tileHeight))
		path = strings.TrimSuffix(path, suffix)
		entries := entryBundle(get(*logURL + "/tile/entries/" + path + suffix))
		if int64(len(entries)) != width {
			fail("entry bundle %s holds %d entries, want %d", path, len(entries), width)
		}
		indexes := make([]int64, width)
		for i := range indexes {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		leaves, err := reader.ReadHashes(indexes)
		if err != nil {
			fail("reading level-0 hashes: %v", err)
		}
		for i, entry := range entries {
			if tlog.RecordHash(entry) != leaves[i] {
				fail("entry %d does not hash to its level-0 tile hash", start+int64(i))
			}
			if *apiURL != "" {
				checkInclusion(*apiURL, start+int64(i), cp, leaves[i])
			}
		}
	}
	fmt.Printf("entries: all %d entries hash to their leaves\n", cp.size)
	if *apiURL != "" {
		fmt.Printf("inclusion: the JSON proof of every entry checks with tlog.CheckRecord\n")
	}

	if *old != "" {
		msg, err := os.ReadFile(*old)
		if err != nil {
			fail("reading %s: %v", *old, err)
		}
		before := openCheckpoint(msg, verifier)
		var answer struct{ Path []string }
		body := get(fmt.Sprintf("%s/consistency?from=%d&to=%d", *apiURL, before.size, cp.size))
		if err := json.Unmarshal(body, &answer); err != nil {
			fail("consistency proof: %v", err)
		}
		if before.size == cp.size {
			if before.hash != cp.hash {
				fail("two checkpoints of size %d with different roots", cp.size)
			}
		} else if err := tlog.CheckTree(decodeHexHashes(answer.Path), cp.size, cp.hash, before.size, before.hash); err != nil {
			fail("the log is not consistent with the checkpoint of size %d: %v", before.size, err)
		}
		// The same proof, recomputed from the tiles by Go, must agree.
		if before.size < cp.size {
			proof, err := tlog.ProveTree(cp.size, before.size, reader)
			if err != nil || len(proof) != len(answer.Path) {
				fail("tlog.ProveTree from the tiles: %v", err)
			}
			for i, h := range decodeHexHashes(answer.Path) {
				if proof[i] != h {
					fail("consistency proof hash %d differs from the one Go derives from the tiles", i)
				}
			}
		}
		fmt.Printf("consistency: size %d -> %d OK\n", before.size, cp.size)
	}
}

func checkInclusion(api string, index int64, cp checkpoint, leaf tlog.Hash) {
	var answer struct {
		LeafIndex int64
		Path      []string
	}
	body := get(fmt.Sprintf("%s/proof?leaf=%d&size=%d", api, index, cp.size))
	if err := json.Unmarshal(body, &answer); err != nil || answer.LeafIndex != index {
		fail("inclusion proof for leaf %d: %v", index, err)
	}
	if err := tlog.CheckRecord(decodeHexHashes(answer.Path), cp.size, cp.hash, index, leaf); err != nil {
		fail("inclusion proof of leaf %d: %v", index, err)
	}
}

type tlogProof struct {
	extra      []byte
	index      int64
	proof      tlog.RecordProof
	checkpoint []byte
}

// parseTlogProof reads a c2sp.org/tlog-proof@v1 text.
func parseTlogProof(data []byte) tlogProof {
	head, checkpointNote, found := bytes.Cut(data, []byte("\n\n"))
	if !found {
		fail("tlog-proof has no empty line before its checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("not a c2sp.org/tlog-proof@v1 file")
	}
	lines = lines[1:]
	var parsed tlogProof
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		extra, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			fail("bad extra line: %v", err)
		}
		parsed.extra = extra
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		fail("tlog-proof has no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil {
		fail("bad index line: %v", err)
	}
	parsed.index = index
	for _, line := range lines[1:] {
		raw, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			fail("bad proof line %q", line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		parsed.proof = append(parsed.proof, h)
	}
	parsed.checkpoint = checkpointNote
	return parsed
}

func checkProofFile(file, entryHex string, verifier note.Verifier) {
	data, err := os.ReadFile(file)
	if err != nil {
		fail("reading %s: %v", file, err)
	}
	p := parseTlogProof(data)
	cp := openCheckpoint(p.checkpoint, verifier)
	entry, err := hex.DecodeString(entryHex)
	if err != nil || len(entry) == 0 {
		fail("-entry must be the hex entry the proof is for")
	}
	if err := tlog.CheckRecord(p.proof, cp.size, cp.hash, p.index, tlog.RecordHash(entry)); err != nil {
		fail("tlog-proof: %v", errors.Join(err))
	}
	fmt.Printf("tlog-proof: entry %s is leaf %d of %s at size %d\n", entryHex, p.index, cp.origin, cp.size)
}

const committedFormat = "gongkai.committed-event/v1"

// checkPublicView checks a verifiable public view with only the log's key: the committed form is canonical
// JSON, its SHA-256 is the entry, and the tlog-proof carrying it proves that entry in a signed checkpoint.
func checkPublicView(body []byte, openFile string, verifier note.Verifier) {
	var view struct {
		EventID   string `json:"eventId"`
		LeafIndex int64  `json:"leafIndex"`
		Committed string `json:"committed"`
		Proof     string `json:"proof"`
	}
	if err := json.Unmarshal(body, &view); err != nil {
		fail("public view: not JSON: %v", err)
	}
	committed := []byte(view.Committed)
	canonical, err := jcs.Transform(committed)
	if err != nil || !bytes.Equal(canonical, committed) {
		fail("public view: the committed form is not canonical JSON (RFC 8785)")
	}
	var form struct {
		Format    string   `json:"format"`
		ID        string   `json:"id"`
		Committed []string `json:"committed"`
	}
	if err := json.Unmarshal(committed, &form); err != nil || form.Format != committedFormat {
		fail("public view: not a %s", committedFormat)
	}
	if form.ID != view.EventID {
		fail("public view: the committed form is event %s, not %s", form.ID, view.EventID)
	}
	p := parseTlogProof([]byte(view.Proof))
	if !bytes.Equal(p.extra, committed) {
		fail("public view: the tlog-proof does not carry this committed form")
	}
	if p.index != view.LeafIndex {
		fail("public view: the tlog-proof is for leaf %d, not %d", p.index, view.LeafIndex)
	}
	cp := openCheckpoint(p.checkpoint, verifier)
	entry := sha256.Sum256(committed)
	if err := tlog.CheckRecord(p.proof, cp.size, cp.hash, p.index, tlog.RecordHash(entry[:])); err != nil {
		fail("public view: its entry is not leaf %d of the signed tree: %v", p.index, err)
	}
	var content map[string]any
	_ = json.Unmarshal(committed, &content)
	for _, pointer := range form.Committed {
		value, ok := lookup(content, pointer)
		text, isString := value.(string)
		if !ok || !isString || len(text) != 64 {
			fail("public view: hidden value %s is not a commitment", pointer)
		}
	}
	fmt.Printf("public view: event %s (entry %x) is leaf %d of %s at size %d; %d values hidden\n",
		view.EventID, entry, p.index, cp.origin, cp.size, len(form.Committed))
	if openFile != "" {
		checkOpening(openFile, content, form.Committed)
	}
}

// checkOpening checks a supervisor's opening of one hidden value: SHA-256(salt || canonical JSON of value).
func checkOpening(file string, content map[string]any, committed []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		fail("reading %s: %v", file, err)
	}
	var opening struct {
		Pointer string          `json:"pointer"`
		Value   json.RawMessage `json:"value"`
		Salt    string          `json:"salt"`
	}
	if err := json.Unmarshal(data, &opening); err != nil {
		fail("opening: %v", err)
	}
	listed := false
	for _, p := range committed {
		listed = listed || p == opening.Pointer
	}
	commitment, _ := lookup(content, opening.Pointer)
	if !listed {
		fail("opening: %s is not a hidden value of this view", opening.Pointer)
	}
	salt, err := base64.StdEncoding.DecodeString(opening.Salt)
	if err != nil || len(salt) != 32 {
		fail("opening: the salt is not 32 bytes of base64")
	}
	value, err := jcs.Transform(opening.Value)
	if err != nil {
		fail("opening: the value is not JSON: %v", err)
	}
	sum := sha256.Sum256(append(salt, value...))
	if hex.EncodeToString(sum[:]) != commitment {
		fail("opening: the value does not match the commitment at %s", opening.Pointer)
	}
	fmt.Printf("opening: %s = %s matches its commitment\n", opening.Pointer, value)
}

// lookup resolves an RFC 6901 JSON pointer in decoded JSON.
func lookup(doc any, pointer string) (any, bool) {
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	at := doc
	for _, segment := range strings.Split(pointer[1:], "/") {
		segment = strings.ReplaceAll(strings.ReplaceAll(segment, "~1", "/"), "~0", "~")
		switch node := at.(type) {
		case map[string]any:
			next, ok := node[segment]
			if !ok {
				return nil, false
			}
			at = next
		case []any:
			i, err := strconv.Atoi(segment)
			if err != nil || i < 0 || i >= len(node) {
				return nil, false
			}
			at = node[i]
		default:
			return nil, false
		}
	}
	return at, true
}
