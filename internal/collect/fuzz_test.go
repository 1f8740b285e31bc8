package collect

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/internal/survey"
)

// FuzzFormHandler sends any body to any page of a participant who holds a
// valid cookie and form secret: the handler must never fail (500) or
// panic, and a request it refuses must leave the draft as it was.
func FuzzFormHandler(f *testing.F) {
	dir := f.TempDir()
	s := newTestServer(f, dir)
	s.limit = newLimiter(1e9, 1e9, s.limit.now)
	var p *participant
	var secret string
	fresh := func(t testing.TB) {
		var err error
		if p, err = s.join(about{Name: "Fuzz", Role: "it"}); err != nil {
			t.Fatal(err)
		}
		secret = formSecret(s.key, p.id)
	}
	fresh(f)
	q := s.q
	good := url.Values{}
	for _, qu := range q.Dimensions[0].Questions {
		good.Set(qu.ID, "3")
	}
	f.Add("1", good.Encode())
	f.Add("1", "data.customer-id=9")
	f.Add("2", q.Dimensions[1].Questions[0].ID+"=unsure&x=1")
	f.Add("1/evidence", "note."+q.Dimensions[0].Questions[0].ID+"=%ff%fe")
	f.Add("about", "name=%3Cscript%3E&role=sales")
	f.Add("about", "role=ceo&role=it")
	f.Add("finish", "")
	f.Add("3", "%zz=1&&&=")
	f.Fuzz(func(t *testing.T, page, body string) {
		// One who has finished takes nothing more: the next input gets a
		// new participant, so the fuzzer keeps reaching the forms.
		if p.result != "" {
			fresh(t)
		}
		before, _ := os.ReadFile(draftPath(dir, p.id))
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("csrf="+secret+"&"+body))
		// The path as the server sees it once decoded: any text at all.
		req.URL.Path = s.pagePath(p.id, page)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: cookieParticipant, Value: p.id})
		req.RemoteAddr = "127.0.0.1:1234"
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		switch w.Code {
		case 303, 404, 405, 409, 422:
		case 400, 413:
			after, _ := os.ReadFile(draftPath(dir, p.id))
			if !bytes.Equal(before, after) {
				t.Fatalf("a refused request (%d) changed the draft", w.Code)
			}
		case 500:
			t.Fatalf("page %q, body %q: 500: %s", page, body, w.Body)
		default:
			t.Fatalf("page %q, body %q: unexpected status %d", page, body, w.Code)
		}
		// The draft on disk is always one the questionnaire accepts.
		data, err := os.ReadFile(draftPath(dir, p.id))
		if err == nil {
			if _, err := survey.ParseDraft(data, q); err != nil {
				t.Fatalf("the draft is no longer valid: %v", err)
			}
		}
	})
}
