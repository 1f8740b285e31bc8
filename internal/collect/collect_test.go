package collect

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// A note is evidence for the answer it was given with: lowering that
// answer below every gate's level drops it, as the terminal form does.
func TestLoweredGateAnswerDropsItsNote(t *testing.T) {
	s, ts, dir := startTest(t)
	q := s.q
	ana := newClient(t, ts.URL)
	ana.get(s.JoinPath())
	if st := ana.post(url.Values{fieldName: {"Ana Ruiz"}, fieldRole: {"sales"}}); st != 200 {
		t.Fatalf("start: %d", st)
	}
	page1 := ana.Path
	if st := ana.answerPage(q, 1, "4"); st != 200 || !strings.HasSuffix(ana.Path, "/1/evidence") {
		t.Fatalf("page 1: %d at %s", st, ana.Path)
	}
	f := url.Values{}
	for _, g := range q.Gates {
		if q.Question(g.Requires.Question).Dimension == q.Dimensions[0].ID {
			f.Set(notePrefix+g.Requires.Question, "EVIDENCE-FOR-4")
		}
	}
	if st := ana.post(f); st != 200 {
		t.Fatalf("evidence: %d", st)
	}
	ana.get(page1)
	if st := ana.answerPage(q, 1, "2"); st != 200 || !strings.HasSuffix(ana.Path, "/2") {
		t.Fatalf("page 1 again: %d at %s", st, ana.Path)
	}
	for n := 2; n <= len(q.Dimensions); n++ {
		ana.answerPage(q, n, "2")
	}
	if st := ana.post(nil); st != 200 || !strings.HasSuffix(ana.Path, "/thanks") {
		t.Fatalf("finish: %d at %s", st, ana.Path)
	}
	saved, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(saved) != 1 {
		t.Fatalf("results saved: %v", saved)
	}
	b, err := os.ReadFile(saved[0])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("EVIDENCE-FOR-4")) {
		t.Error("a note given for answer 4 is kept on answer 2")
	}
}

func TestParticipantAnswersResumesAndFinishes(t *testing.T) {
	s, ts, dir := startTest(t)
	q := s.q
	ana := newClient(t, ts.URL)
	if st := ana.get(s.JoinPath()); st != 200 || !strings.Contains(ana.Page, "About you") {
		t.Fatalf("join page: %d\n%s", st, ana.Page)
	}
	if st := ana.post(url.Values{fieldName: {"Ana Ruiz"}, fieldRole: {"marketing"}}); st != 200 {
		t.Fatalf("start: %d", st)
	}
	if !strings.HasSuffix(ana.Path, "/1") || !strings.Contains(ana.Page, q.Dimensions[0].Name) {
		t.Fatalf("after the about page: %s", ana.Path)
	}
	// Every option of every question is offered, with "Not sure" and
	// "Not applicable" where allowed, and the na_when text.
	for _, qu := range q.Dimensions[0].Questions {
		for _, o := range qu.Options {
			if !strings.Contains(ana.Page, fmt.Sprintf(`name="%s" value="%d"`, qu.ID, o.Level)) {
				t.Errorf("%s: no option %d", qu.ID, o.Level)
			}
		}
		if !strings.Contains(ana.Page, fmt.Sprintf(`name="%s" value="unsure"`, qu.ID)) {
			t.Errorf("%s: no Not sure", qu.ID)
		}
		if got := strings.Contains(ana.Page, fmt.Sprintf(`name="%s" value="na"`, qu.ID)); got != qu.AllowNA {
			t.Errorf("%s: Not applicable offered %v, allowed %v", qu.ID, got, qu.AllowNA)
		}
	}
	// The first page, answered at 3 (the gates' level): its evidence page
	// follows, and its note is kept.
	if st := ana.answerPage(q, 1, "3"); st != 200 || !strings.HasSuffix(ana.Path, "/1/evidence") {
		t.Fatalf("page 1: %d at %s", st, ana.Path)
	}
	var gate string
	for _, g := range q.Gates {
		if q.Question(g.Requires.Question).Dimension == q.Dimensions[0].ID {
			gate = g.Requires.Question
		}
	}
	if st := ana.post(url.Values{notePrefix + gate: {"the account_id field"}}); st != 200 || !strings.HasSuffix(ana.Path, "/2") {
		t.Fatalf("evidence: %d at %s", st, ana.Path)
	}
	// A half-answered page keeps what was given and says what is missing.
	half := url.Values{q.Dimensions[1].Questions[0].ID: {"unsure"}}
	if st := ana.post(half); st != http.StatusUnprocessableEntity || !strings.Contains(ana.Page, "need an answer") {
		t.Fatalf("half a page: %d\n%s", st, ana.Page)
	}

	// A reload, then another device with only the resume link: both land
	// on page 2, with its first answer kept.
	if st := ana.get(strings.TrimPrefix(ana.Path, "")); st != 200 {
		t.Fatalf("reload: %d", st)
	}
	resume := regexpFind(t, ana.Page, `<p class="resume"><a href="([^"]+)"`)
	phone := newClient(t, ts.URL)
	if st := phone.get(resume); st != 200 || !strings.HasSuffix(phone.Path, "/2") {
		t.Fatalf("resume link: %d at %s", st, phone.Path)
	}
	if !strings.Contains(phone.Page, `value="unsure" checked`) {
		t.Error("the half page's answer is not kept")
	}
	// The join link on a device that has started goes back there too.
	if st := ana.get(s.JoinPath()); st != 200 || !strings.HasSuffix(ana.Path, "/2") {
		t.Fatalf("join again: %d at %s", st, ana.Path)
	}
	for n := 2; n <= len(q.Dimensions); n++ {
		if st := phone.answerPage(q, n, "2"); st != 200 {
			t.Fatalf("page %d: %d", n, st)
		}
	}
	if !strings.HasSuffix(phone.Path, "/finish") {
		t.Fatalf("after the last page: %s", phone.Path)
	}
	finish := phone.Path
	if st := phone.post(nil); st != 200 || !strings.Contains(phone.Page, "Thank you, Ana Ruiz") || !strings.Contains(phone.Page, "Level ") {
		t.Fatalf("finish: %d\n%s", st, phone.Page)
	}
	saved, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(saved) != 1 {
		t.Fatalf("results saved: %v", saved)
	}
	r, err := result.Load(saved[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.Respondent.Name != "Ana Ruiz" || r.Respondent.Role != "marketing" || r.Respondent.Org != "Acme" {
		t.Errorf("respondent: %+v", r.Respondent)
	}
	noted := false
	for _, a := range r.Answers {
		if a.Question == gate {
			noted = a.Note == "the account_id field"
		}
	}
	if !noted {
		t.Errorf("the evidence note on %s is lost", gate)
	}
	// The participant's own report, under its own policy.
	report := regexpFind(t, phone.Page, `<a class="button" href="([^"]+)"`)
	resp, err := phone.Client.Get(ts.URL + report)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("report: %d %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}

	// The final submit replayed: refused, nothing written.
	before := snapshot(t, dir)
	secret := formSecret(s.key, strings.Split(strings.TrimPrefix(finish, s.JoinPath()+"p/"), "/")[0])
	if st := phone.postTo(finish, url.Values{fieldCSRF: {secret}}); st != http.StatusConflict {
		t.Errorf("replayed finish: %d", st)
	}
	// So is changing an answer after the end.
	if st := phone.postTo(strings.Replace(finish, "/finish", "/1", 1), url.Values{fieldCSRF: {secret}}); st != http.StatusConflict {
		t.Errorf("an answer after the end: %d", st)
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("a refused request wrote:\n%s\nthen:\n%s", before, after)
	}
	if c := s.Counts(); c.Joined != 1 || c.Finished != 1 {
		t.Errorf("counts: %+v", c)
	}
}

func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", pattern, s)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

func TestRestartKeepsLinksAndDrafts(t *testing.T) {
	dir := t.TempDir()
	s := newTestServer(t, dir)
	ts := newServerFor(t, s)
	c := newClient(t, ts.URL)
	c.get(s.JoinPath())
	c.post(url.Values{fieldName: {"Ben"}, fieldRole: {"sales"}})
	c.answerPage(s.q, 1, "2")
	where := c.Path
	ts.Close()

	info, err := os.Stat(filepath.Join(dir, StateDir, "workshop.json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("tokens file: %v %v", err, info)
	}
	again := newTestServer(t, dir)
	if again.JoinPath() != s.JoinPath() || again.DashboardPath() != s.DashboardPath() {
		t.Fatal("a second run has other links")
	}
	if cnt := again.Counts(); cnt.Joined != 1 || cnt.Finished != 0 {
		t.Errorf("counts after a restart: %+v", cnt)
	}
	ts2 := newServerFor(t, again)
	c.Base = ts2.URL
	if st := c.get(again.JoinPath()); st != 200 || !strings.HasSuffix(c.Path, "/2") {
		t.Errorf("after a restart: %d at %s (was at %s)", st, c.Path, where)
	}
}

func newServerFor(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func TestHostileRequestsChangeNothing(t *testing.T) {
	s, ts, dir := startTest(t)
	q := s.q
	victim := newClient(t, ts.URL)
	victim.get(s.JoinPath())
	victim.post(url.Values{fieldName: {"Vic"}, fieldRole: {"service"}})
	page1 := victim.Path
	id := strings.Split(strings.TrimPrefix(page1, s.JoinPath()+"p/"), "/")[0]
	secret := formSecret(s.key, id)
	other := newClient(t, ts.URL)
	other.get(s.JoinPath())
	other.post(url.Values{fieldRole: {"sales"}})
	otherID := strings.Split(strings.TrimPrefix(other.Path, s.JoinPath()+"p/"), "/")[0]

	first := q.Dimensions[0].Questions[0].ID
	good := func() url.Values {
		f := url.Values{fieldCSRF: {secret}}
		for _, qu := range q.Dimensions[0].Questions {
			f.Set(qu.ID, "3")
		}
		return f
	}
	with := func(k, v string) url.Values { f := good(); f.Set(k, v); return f }
	without := func(k string) url.Values { f := good(); f.Del(k); return f }
	wrongToken := strings.Replace(page1, s.tokens.Join, newToken(), 1)

	cases := []struct {
		name   string
		method string
		path   string
		body   string
		ctype  string
		cookie bool
		want   int
	}{
		{"no token", "GET", "/", "", "", false, 404},
		{"no token, a page's path", "POST", "/p/" + id + "/1", good().Encode(), "", true, 404},
		{"wrong token", "POST", wrongToken, good().Encode(), "", true, 404},
		{"the facilitator's token for answers", "POST", strings.Replace(page1, s.tokens.Join, s.tokens.Facilitator, 1), good().Encode(), "", true, 405},
		{"a made-up participant", "POST", s.pagePath(newToken(), "1"), good().Encode(), "", true, 404},
		{"no form secret", "POST", page1, without(fieldCSRF).Encode(), "", true, 403},
		{"another participant's secret", "POST", page1, with(fieldCSRF, formSecret(s.key, otherID)).Encode(), "", true, 403},
		{"no cookie (another site's form)", "POST", page1, good().Encode(), "", false, 403},
		{"a forged level", "POST", page1, with(first, "7").Encode(), "", true, 400},
		{"a level with a sign", "POST", page1, with(first, "+3").Encode(), "", true, 400},
		{"not applicable where not allowed", "POST", page1, with(first, "na").Encode(), "", true, 400},
		{"a forged question id", "POST", page1, with("data.made-up", "3").Encode(), "", true, 400},
		{"another page's question", "POST", page1, with(q.Dimensions[1].Questions[0].ID, "3").Encode(), "", true, 400},
		{"an answer twice", "POST", page1, good().Encode() + "&" + first + "=2", "", true, 400},
		{"a name past its limit", "POST", s.pagePath(id, "about"), url.Values{fieldCSRF: {secret}, fieldName: {strings.Repeat("x", 101)}, fieldRole: {"sales"}}.Encode(), "", true, 400},
		{"an unknown role", "POST", s.pagePath(id, "about"), url.Values{fieldCSRF: {secret}, fieldRole: {"ceo"}}.Encode(), "", true, 400},
		{"a note on a page with no gate answer", "POST", s.pagePath(id, "2/evidence"), url.Values{fieldCSRF: {secret}}.Encode(), "", true, 400},
		{"a 10 MB body", "POST", page1, good().Encode() + "&pad=" + strings.Repeat("x", 10<<20), "", true, 413},
		{"JSON instead of a form", "POST", page1, `{"csrf":"` + secret + `"}`, "application/json", true, 415},
		{"a query string on a POST", "POST", page1 + "?" + first + "=5", good().Encode(), "", true, 400},
		{"finish before the end", "POST", s.pagePath(id, "finish"), url.Values{fieldCSRF: {secret}}.Encode(), "", true, 409},
		{"a page that does not exist", "GET", s.pagePath(id, "9"), "", "", true, 404},
		{"a page number with a zero", "GET", s.pagePath(id, "01"), "", "", true, 404},
		{"a path that climbs", "GET", s.JoinPath() + "p/../../etc/passwd", "", "", true, 404},
		{"start without its cookie", "POST", s.JoinPath() + "start", url.Values{fieldCSRF: {newToken()}, fieldRole: {"sales"}}.Encode(), "", false, 403},
		{"DELETE", "DELETE", page1, "", "", true, 405},
	}
	before := snapshot(t, dir)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			ct := tc.ctype
			if ct == "" && tc.method == "POST" {
				ct = "application/x-www-form-urlencoded"
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			if tc.cookie {
				req.AddCookie(&http.Cookie{Name: cookieParticipant, Value: id})
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		})
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("hostile requests wrote:\n%s\nthen:\n%s", before, after)
	}
	// The server still serves the victim, whose draft is as it was.
	if st := victim.answerPage(q, 1, "2"); st != 200 {
		t.Errorf("after the hostile requests: %d", st)
	}
}

func TestHostileNamesAreEscaped(t *testing.T) {
	s, ts, _ := startTest(t)
	c := newClient(t, ts.URL)
	name := `<script>alert(1)</script>"><img src=x onerror=alert(2)>` + "\x1b[31m\u202e"
	c.complete(s.q, s.JoinPath(), name, "it", "unsure")
	for _, bad := range []string{"<script>alert", "<img src=x", "\x1b", "\u202e"} {
		if strings.Contains(c.Page, bad) {
			t.Errorf("the thanks page holds %q", bad)
		}
	}
	if !strings.Contains(c.Page, "&lt;script&gt;") {
		t.Errorf("the name is not shown escaped:\n%s", c.Page)
	}
}

func TestDashboardNeedsItsToken(t *testing.T) {
	s, ts, _ := startTest(t)
	for _, path := range []string{"/dashboard", s.JoinPath() + "dashboard", "/" + newToken() + "/dashboard"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(ts.URL + s.DashboardPath())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(buf.String(), `http-equiv="refresh"`) || !strings.Contains(buf.String(), "0 people joined") {
		t.Errorf("dashboard: %d\n%s", resp.StatusCode, buf.String())
	}
}

func TestPrivateHidesSmallRoles(t *testing.T) {
	ws := &result.Workshop{
		Respondents: []result.WorkshopRespondent{{Name: "Ana", Role: "sales"}, {Name: "Ben", Role: "sales"}, {Name: "Cy", Role: "it"}},
		ByRole:      []result.RoleMeans{{Role: "sales", Respondents: 2}, {Role: "it", Respondents: 1}},
		Questions:   []result.QuestionSpread{{ByRole: []result.RoleMean{{Role: "sales"}, {Role: "it"}}}},
		Hotspots: []result.Hotspot{{
			ByRole: []result.RoleMean{{Role: "sales"}, {Role: "it"}},
			Low:    result.HotspotEnd{Roles: []string{"it"}}, High: result.HotspotEnd{Roles: []string{"sales"}},
			Answers: []result.HotspotAnswer{{Respondent: "Cy", Role: "it", Level: 1}},
		}},
	}
	p := Private(ws)
	var shown []string
	for _, r := range p.Respondents {
		shown = append(shown, r.Name+"/"+r.Role)
	}
	if got := strings.Join(shown, " "); got != "Respondent 1/sales Respondent 2/sales Respondent 3/" {
		t.Errorf("respondents: %s", got)
	}
	if len(p.ByRole) != 1 || len(p.Questions[0].ByRole) != 1 || len(p.Hotspots[0].ByRole) != 1 ||
		len(p.Hotspots[0].Low.Roles) != 0 || len(p.Hotspots[0].Answers) != 0 || !p.Anonymous {
		t.Errorf("a role of one is still shown apart: %+v", p)
	}
	if ws.Respondents[2].Name != "Cy" || len(ws.ByRole) != 2 {
		t.Error("Private changed the workshop it was given")
	}
}

func TestRateLimitPerAddress(t *testing.T) {
	now := testNow
	l := newLimiter(1, 3, func() time.Time { return now })
	for i := range 3 {
		if !l.allow("10.0.0.1:5000") {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	if l.allow("10.0.0.1:5001") {
		t.Error("a fourth request at once is allowed")
	}
	if !l.allow("10.0.0.2:5000") {
		t.Error("another address shares the first one's bucket")
	}
	now = now.Add(time.Second)
	if !l.allow("10.0.0.1:5000") {
		t.Error("the bucket does not refill")
	}

	dir := t.TempDir()
	s := newTestServer(t, dir)
	s.limit = newLimiter(1, 2, time.Now)
	ts := newServerFor(t, s)
	codes := []int{}
	for range 4 {
		resp, err := http.Get(ts.URL + s.JoinPath())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	if codes[len(codes)-1] != http.StatusTooManyRequests {
		t.Errorf("statuses %v: no 429", codes)
	}
}

// TestSlowClientsAreCutOff holds connections open with headers that never
// end, and checks that the server drops them and still serves others.
func TestSlowClientsAreCutOff(t *testing.T) {
	s := newTestServer(t, t.TempDir())
	srv := NewHTTPServer(s.Handler(), Timeouts{ReadHeader: 300 * time.Millisecond, Read: time.Second, Write: time.Second, Idle: time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	var wg sync.WaitGroup
	closed := make([]time.Duration, 5)
	for i := range closed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			start := time.Now()
			_ = conn.SetDeadline(start.Add(5 * time.Second))
			_, _ = conn.Write([]byte("GET " + s.JoinPath() + " HTTP/1.1\r\nHost: x\r\n"))
			// A byte of header every 100 ms, never the blank line.
			buf := make([]byte, 1)
			for range 40 {
				if _, err := conn.Write([]byte("X")); err != nil {
					break
				}
				_ = conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
				if _, err := conn.Read(buf); err != nil && !isTimeout(err) {
					break
				}
			}
			closed[i] = time.Since(start)
		}()
	}
	// Meanwhile a participant is served.
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get("http://" + ln.Addr().String() + s.JoinPath())
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("a participant during the slow clients: %v %v", err, resp)
	}
	if resp != nil {
		resp.Body.Close()
	}
	wg.Wait()
	for i, d := range closed {
		if d > 2*time.Second {
			t.Errorf("slow client %d held its connection for %s", i, d)
		}
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func TestHeaderSizeIsBounded(t *testing.T) {
	s := newTestServer(t, t.TempDir())
	srv := NewHTTPServer(s.Handler(), DefaultTimeouts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	conn, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", s.JoinPath(), strings.Repeat("a", 200<<10))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(line, "431") {
		t.Errorf("a 200 KiB header: %q %v", line, err)
	}
}

// TestSaveFailureIsToldToTheFacilitator: a draft that cannot be written
// is a 500 for the participant, with no path in it, and the reason goes
// to the facilitator.
func TestSaveFailureIsToldToTheFacilitator(t *testing.T) {
	s, ts, dir := startTest(t)
	var told []error
	var mu sync.Mutex
	s.cfg.Failed = func(err error) { mu.Lock(); told = append(told, err); mu.Unlock() }
	c := newClient(t, ts.URL)
	c.get(s.JoinPath())
	c.post(url.Values{fieldRole: {"it"}})
	// The state directory turns into a file: nothing can be saved there.
	state := filepath.Join(dir, StateDir)
	if err := os.Rename(state, state+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if st := c.answerPage(s.q, 1, "2"); st != http.StatusInternalServerError || strings.Contains(c.Page, dir) {
		t.Errorf("status %d, page %q", st, c.Page)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(told) != 1 || !strings.Contains(told[0].Error(), StateDir) {
		t.Errorf("the facilitator was told %v", told)
	}
}
