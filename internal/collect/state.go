package collect

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

// StateDir is the directory inside the workshop directory where collect
// keeps its tokens and the participants' drafts. Its name starts with a
// dot, so "convergence report DIR" never reads it.
const StateDir = ".collect"

// stateSchema identifies the workshop's token file.
const stateSchema = "convergence.collect/v1"

// tokenBytes is the size of every token: 128 bits from crypto/rand.
const tokenBytes = 16

// tokenEncoding writes tokens in lower-case base32 without padding: 26
// characters a person could even type, safe in a path and a file name.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newToken is 128 random bits.
func newToken() string {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24 and later)
	return tokenEncoding.EncodeToString(b)
}

// validToken reports whether s looks like one of our tokens, before it is
// used in a file name or compared.
func validToken(s string) bool {
	if len(s) != tokenEncoding.EncodedLen(tokenBytes) {
		return false
	}
	b, err := tokenEncoding.DecodeString(s)
	return err == nil && len(b) == tokenBytes
}

// tokens are the workshop's secrets, kept in DIR/.collect/workshop.json
// (0600) so that a second run serves the same links.
type tokens struct {
	Schema string `json:"schema"`
	// Join is in every participant's URL.
	Join string `json:"join"`
	// Facilitator is in the dashboard's URL.
	Facilitator string `json:"facilitator"`
	// Key signs the per-participant form secrets (hex, 32 bytes).
	Key string `json:"key"`
	// Listen is the address served last time, so that a second run can
	// keep the same links.
	Listen string `json:"listen,omitempty"`
}

func (t *tokens) valid() bool {
	key, err := hex.DecodeString(t.Key)
	return t.Schema == stateSchema && validToken(t.Join) && validToken(t.Facilitator) && t.Join != t.Facilitator && err == nil && len(key) == 32
}

// loadTokens reads the workshop's tokens, or makes and saves new ones for
// a new workshop. A damaged file is an error rather than replaced: the
// links people hold would stop working.
func loadTokens(dir string) (*tokens, error) {
	path := filepath.Join(dir, StateDir, "workshop.json")
	data, err := store.ReadDraft(path)
	if err != nil {
		return nil, err
	}
	if data == nil {
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		t := &tokens{Schema: stateSchema, Join: newToken(), Facilitator: newToken(), Key: hex.EncodeToString(key)}
		return t, saveTokens(dir, t)
	}
	var t tokens
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil || !t.valid() {
		return nil, fmt.Errorf("%s is damaged; move it away to start the workshop with new links", path)
	}
	return &t, nil
}

func saveTokens(dir string, t *tokens) error {
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return store.WriteDraft(filepath.Join(dir, StateDir, "workshop.json"), append(data, '\n'))
}

// participant is one person's answers. Its mutex orders their requests:
// two tabs submitting at once take turns, and a final submit scores once.
type participant struct {
	mu    sync.Mutex
	id    string
	draft *survey.Draft
	// result is the file name of the saved result once finished.
	result string
}

// Files of a participant in the state directory: the draft while they
// answer, then a marker naming their result.
func draftPath(dir, id string) string { return filepath.Join(dir, StateDir, id+".json") }
func donePath(dir, id string) string  { return filepath.Join(dir, StateDir, id+".done") }

// loadParticipants reads every participant of an earlier run. Drafts of
// another questionnaire version, or damaged ones, are set aside (renamed,
// never applied) and reported in notes.
func loadParticipants(dir string, q *questionnaire.Questionnaire, now time.Time) (map[string]*participant, []string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, StateDir))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]*participant{}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	out := map[string]*participant{}
	var notes []string
	for _, e := range entries {
		name := e.Name()
		id, ext, _ := strings.Cut(name, ".")
		if !validToken(id) || !e.Type().IsRegular() {
			continue
		}
		switch "." + ext {
		case ".done":
			data, err := store.ReadDraft(donePath(dir, id))
			if err != nil {
				return nil, nil, err
			}
			res := strings.TrimSpace(string(data))
			if res == "" || res != filepath.Base(res) {
				continue
			}
			out[id] = &participant{id: id, result: res}
		case ".json":
			if _, done := out[id]; done {
				continue
			}
			if _, err := os.Lstat(donePath(dir, id)); err == nil {
				continue // finished; its draft is a leftover
			}
			data, err := store.ReadDraft(draftPath(dir, id))
			if err != nil {
				return nil, nil, err
			}
			d, err := survey.ParseDraft(data, q)
			if err != nil {
				reason := "damaged"
				if errors.Is(err, survey.ErrStale) {
					reason = "stale"
				}
				aside, aerr := store.SetAside(draftPath(dir, id), reason, now)
				if aerr != nil {
					return nil, nil, aerr
				}
				notes = append(notes, fmt.Sprintf("a draft was set aside as %s (%v)", filepath.Base(aside), err))
				continue
			}
			out[id] = &participant{id: id, draft: d}
		}
	}
	// A finished participant's leftover draft goes now.
	for id, p := range out {
		if p.result != "" {
			_ = store.RemoveDraft(draftPath(dir, id))
		}
	}
	return out, notes, nil
}

// formSecret is a participant's form secret: the hidden field every POST of
// theirs carries, derived from the workshop's key so it need not be kept.
func formSecret(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("form:" + id))
	return tokenEncoding.EncodeToString(m.Sum(nil)[:tokenBytes])
}
