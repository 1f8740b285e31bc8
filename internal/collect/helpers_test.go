package collect

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

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

// client is one participant's browser: a cookie jar and the last page.
type client struct {
	t    testing.TB
	http *http.Client
	base string
	page string
	url  string
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (c *client) get(path string) int {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.read(resp)
}

func (c *client) read(resp *http.Response) int {
	c.t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	c.page, c.url = string(body), resp.Request.URL.Path
	return resp.StatusCode
}

var (
	csrfField  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)

// post sends the current page's form with the given fields (and its
// secret), following the redirect as a browser does.
func (c *client) post(fields url.Values) int {
	c.t.Helper()
	m := csrfField.FindStringSubmatch(c.page)
	a := formAction.FindStringSubmatch(c.page)
	if m == nil || a == nil {
		c.t.Fatalf("no form on %s:\n%s", c.url, c.page)
	}
	form := url.Values{fieldCSRF: {m[1]}}
	for k, v := range fields {
		form[k] = v
	}
	return c.postTo(a[1], form)
}

func (c *client) postTo(path string, form url.Values) int {
	c.t.Helper()
	resp, err := c.http.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.read(resp)
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
	if st := c.get(join); st != 200 {
		c.t.Fatalf("join page: %d", st)
	}
	if st := c.post(url.Values{fieldName: {name}, fieldRole: {role}}); st != 200 {
		c.t.Fatalf("start: %d\n%s", st, c.page)
	}
	for n := 1; n <= len(q.Dimensions); n++ {
		if st := c.answerPage(q, n, value); st != 200 {
			c.t.Fatalf("page %d: %d\n%s", n, st, c.page)
		}
		if strings.HasSuffix(c.url, "/evidence") {
			if st := c.post(nil); st != 200 {
				c.t.Fatalf("evidence %d: %d", n, st)
			}
		}
	}
	if !strings.HasSuffix(c.url, "/finish") {
		c.t.Fatalf("after the last page: %s", c.url)
	}
	if st := c.post(nil); st != 200 || !strings.HasSuffix(c.url, "/thanks") {
		c.t.Fatalf("finish: %d at %s\n%s", st, c.url, c.page)
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
