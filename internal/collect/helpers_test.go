package collect

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/collect/collecttest"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

func builtin(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var testNow = time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)

// newTestServer makes a workshop server in a temporary directory; results
// are scored and saved as the command line saves them.
func newTestServer(t testing.TB, dir string) *Server {
	t.Helper()
	q := builtin(t)
	s, err := New(Config{
		Questionnaire: q, Dir: dir, Org: "Acme", Now: func() time.Time { return testNow },
		Finish: func(d *survey.Draft) (string, error) {
			r, err := scoring.Score(q, d.ToAnswers(q), scoring.Options{Tool: result.Tool{Name: "convergence", Version: "test"}, Now: testNow})
			if err != nil {
				return "", err
			}
			data, err := result.Marshal(r)
			if err != nil {
				return "", err
			}
			name := strings.ToLower(strings.Join(strings.Fields(d.Respondent.Name), "-"))
			if name == "" || strings.ContainsAny(name, "/<>") {
				name = "respondent"
			}
			return store.WriteNew(filepath.Join(dir, name+"-"+d.Respondent.Role+".json"), data, 0o644)
		},
		LoadResult: result.Load,
		Rate:       1000, Burst: 1000,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// client is one participant's browser (see collecttest), failing the
// test when a request cannot be made.
type client struct {
	t testing.TB
	*collecttest.Participant
}

func newClient(t testing.TB, base string) *client {
	p := collecttest.New(base, nil)
	t.Cleanup(p.Close)
	return &client{t: t, Participant: p}
}

func (c *client) get(path string) int {
	c.t.Helper()
	if err := c.Get(path); err != nil {
		c.t.Fatal(err)
	}
	return c.Status
}

// post sends the current page's form with the given fields (and its
// secret), following the redirect as a browser does.
func (c *client) post(fields url.Values) int {
	c.t.Helper()
	if err := c.Submit(fields); err != nil {
		c.t.Fatalf("%v:\n%s", err, c.Page)
	}
	return c.Status
}

func (c *client) postTo(path string, form url.Values) int {
	c.t.Helper()
	if err := c.Post(path, form); err != nil {
		c.t.Fatal(err)
	}
	return c.Status
}

// answerPage answers every question on the current dimension page.
func (c *client) answerPage(q *questionnaire.Questionnaire, n int, value string) int {
	c.t.Helper()
	f := url.Values{}
	for _, qu := range q.Dimensions[n-1].Questions {
		f.Set(qu.ID, value)
	}
	return c.post(f)
}

// complete answers everything from the about page to the end.
func (c *client) complete(q *questionnaire.Questionnaire, join, name, role, value string) {
	c.t.Helper()
	if err := c.Complete(q, join, name, role, func(*questionnaire.Question) string { return value }); err != nil {
		c.t.Fatalf("%v\n%s", err, c.Page)
	}
}

// snapshot is every file under dir with a digest of its content, to show
// that a request wrote nothing.
func snapshot(t testing.TB, dir string) string {
	t.Helper()
	var lines []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:8])+" "+strconv.Itoa(len(data)))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func startTest(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	s := newTestServer(t, dir)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts, dir
}
