//go:build unix

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/convergence-model/convergence/internal/collect"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// The collect pages are checked in headless Chromium, as participants
// would use them on phones: three people at once, one reloading, one
// stopping half-way, one using only the keyboard; axe-core checks every
// page against WCAG 2.1 AA at a phone's width.
//
// Like the HTML report's browser test, it is skipped without a chromium,
// chromium-browser or google-chrome on PATH, or without AXE_CORE_JS naming
// axe-core's axe.min.js (npm install axe-core@4), unless
// CONVERGENCE_REQUIRE_BROWSER=1 (as in CI) makes either a failure.
// COLLECT_SCREENSHOTS=DIR keeps the phone screenshots there.

const (
	phoneWidth  = 390
	phoneHeight = 844
	// browserRun bounds the whole browser test, so a hung browser fails
	// it instead of hanging it.
	browserRun = 3 * time.Minute
)

func requireOrSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CONVERGENCE_REQUIRE_BROWSER") == "1" {
		t.Fatalf("%s, and CONVERGENCE_REQUIRE_BROWSER=1 requires it", msg)
	}
	t.Skipf("%s: skipping the browser test (set CONVERGENCE_REQUIRE_BROWSER=1 to make this a failure)", msg)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	requireOrSkip(t, "no chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium)")
	return ""
}

func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		requireOrSkip(t, "AXE_CORE_JS does not name axe-core's axe.min.js (npm install axe-core@4)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("AXE_CORE_JS: %v", err)
	}
	return string(data)
}

// phone is one participant's browser: a tab in a browser context of its
// own (cookies included), at a phone's size.
type phone struct {
	t    *testing.T
	name string
	ctx  context.Context
	axe  *axeLog
}

// axeLog gathers what axe-core found, page by page.
type axeLog struct {
	src        string
	mu         sync.Mutex
	checked    map[string]bool
	violations []string
}

func (a *axeLog) record(kind string, found []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.checked[kind] = true
	for _, v := range found {
		a.violations = append(a.violations, kind+": "+v)
	}
}

func newPhone(t *testing.T, browser context.Context, name string, axe *axeLog) *phone {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &phone{t: t, name: name, ctx: ctx, axe: axe}
	p.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	return p
}

func (p *phone) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
}

// load runs steps that navigate (a click on a submit button, a reload)
// and waits for the new page.
func (p *phone) load(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if _, err := chromedp.RunResponse(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
}

func (p *phone) path() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
	return loc[strings.Index(loc[len("http://"):], "/")+len("http://"):]
}

func (p *phone) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
	return s
}

// kind names a page by its path: "about", "area", "evidence", "finish"…
func kind(path string) string {
	last := path[strings.LastIndex(path, "/")+1:]
	switch {
	case last == "" || last == "start":
		return "about"
	case last >= "1" && last <= "9":
		return "area"
	}
	return last
}

// check runs axe-core on the page, for WCAG 2.1 A and AA.
func (p *phone) check(kind string) { p.checkExcept(kind, "") }

// checkExcept is check with one rule left out, where the page does what
// the rule looks for on purpose and the reason is given.
func (p *phone) checkExcept(kind, rule string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](p.axe.src)); err != nil {
		p.t.Fatalf("%s: injecting axe-core: %v", p.name, err)
	}
	rules := "{}"
	if rule != "" {
		rules = fmt.Sprintf("{%q: {enabled: false}}", rule)
	}
	found, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules: `+rules+`})
		   .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: axe-core: %v", p.name, err)
	}
	p.axe.record(kind, found)
}

// submit presses the page's button and checks the page it leads to.
func (p *phone) submit() {
	p.t.Helper()
	p.load(chromedp.Click(chromedp.CSS(`button[type=submit]`)))
	p.check(kind(p.path()))
}

func (p *phone) about(join, name, role string) {
	p.t.Helper()
	p.load(chromedp.Navigate(join))
	p.check("about")
	p.do(chromedp.SendKeys(chromedp.CSS(`#name`), name), chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=role][value=%q]`, role))))
	p.submit()
}

// answer picks level for every question of the area on screen, taps the
// button, and gives a note on an evidence page.
func (p *phone) answer(q *questionnaire.Questionnaire, n, level int) {
	p.t.Helper()
	if !strings.HasSuffix(p.path(), fmt.Sprintf("/%d", n)) {
		p.t.Fatalf("%s: at %s, expected area %d", p.name, p.path(), n)
	}
	for _, qu := range q.Dimensions[n-1].Questions {
		p.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%q][value="%d"]`, qu.ID, level))))
	}
	p.submit()
	if strings.HasSuffix(p.path(), "/evidence") {
		p.do(chromedp.SendKeys(chromedp.CSS(`input[type=text]`), "the account_id field in every system"))
		p.submit()
	}
}

// keys sends keystrokes, as someone without a mouse or touch screen would.
func (p *phone) keys(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.do(chromedp.KeyEvent(k))
	}
}

func TestCollectInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	bin := chromiumPath(t)
	axe := &axeLog{src: axeScript(t), checked: map[string]bool{}}
	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		t.Fatal(err)
	}
	e := newAssessEnv(t)
	dir := filepath.Join(t.TempDir(), "acme")
	run := startCollect(t, e, &collectOptions{dir: dir, org: "Acme", listen: "127.0.0.1:0", output: outputFlags{format: "json"}})
	base, join := splitLink(t, run.join)

	ctx, cancel := context.WithTimeout(context.Background(), browserRun)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		// Nothing but this machine's server resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}

	last := len(q.Dimensions)
	var wg sync.WaitGroup
	// Ana answers with the keyboard alone on the first pages.
	wg.Add(1)
	go func() {
		defer wg.Done()
		p := newPhone(t, browser, "Ana", axe)
		p.load(chromedp.Navigate(base + join))
		p.check("about")
		// Tab to the name, type it; Tab to the roles, Space picks the
		// first (Marketing); Tab to the button; Enter.
		p.keys(kb.Tab)
		p.do(chromedp.KeyEvent("Ana Ruiz"))
		p.keys(kb.Tab, " ", kb.Tab)
		p.load(chromedp.KeyEvent(kb.Enter))
		if !strings.HasSuffix(p.path(), "/1") {
			t.Errorf("Ana, by keyboard: at %s after the about page", p.path())
			return
		}
		p.check("area")
		// Each question: Tab into its options, Space picks the first,
		// two arrows down move to the third.
		for range q.Dimensions[0].Questions {
			p.keys(kb.Tab, " ", kb.ArrowDown, kb.ArrowDown)
		}
		p.keys(kb.Tab)
		p.load(chromedp.KeyEvent(kb.Enter))
		p.check(kind(p.path()))
		if strings.HasSuffix(p.path(), "/evidence") {
			p.keys(kb.Tab, kb.Tab)
			p.do(chromedp.KeyEvent("account_id"))
			p.load(chromedp.KeyEvent(kb.Enter))
			p.check(kind(p.path()))
		}
		for n := 2; n <= last; n++ {
			p.answer(q, n, 3)
		}
		if !strings.HasSuffix(p.path(), "/finish") {
			t.Errorf("Ana: at %s after the last area", p.path())
			return
		}
		p.submit()
		if got := p.text("h1"); got != "Thank you, Ana Ruiz" {
			t.Errorf("Ana's last page says %q", got)
		}
		p.load(chromedp.Click(chromedp.CSS(`a.button`)))
		p.check("report")
		if s := p.text("body"); !strings.Contains(s, "90-day plan") && !strings.Contains(s, "90 days") {
			t.Errorf("Ana's report lacks the plan")
		}
	}()
	// Ben reloads half-way and carries on where he was.
	wg.Add(1)
	go func() {
		defer wg.Done()
		p := newPhone(t, browser, "Ben", axe)
		p.about(base+join, "Ben Okafor", "sales")
		p.answer(q, 1, 2)
		p.answer(q, 2, 2)
		where := p.path()
		p.load(chromedp.Reload())
		if p.path() != where {
			t.Errorf("Ben: the reload went from %s to %s", where, p.path())
		}
		// Even the join link takes him back to the page he was on.
		p.load(chromedp.Navigate(base + join))
		if p.path() != where {
			t.Errorf("Ben: the join link went to %s, not back to %s", p.path(), where)
		}
		first := q.Dimensions[2].Questions[0]
		p.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%q][value="3"]`, first.ID))))
		shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err == nil {
			keepScreenshot(t, "collect-phone.png", shot)
		}
		for n := 3; n <= last; n++ {
			p.answer(q, n, 4)
		}
		p.submit()
		p.check("thanks")
	}()
	// Chloé stops after two areas.
	var chloeResume string
	wg.Add(1)
	go func() {
		defer wg.Done()
		p := newPhone(t, browser, "Chloé", axe)
		p.about(base+join, "Chloé Martin", "service")
		p.answer(q, 1, 1)
		p.answer(q, 2, 5)
		chloeResume = p.text(".resume a")
	}()
	wg.Wait()
	if t.Failed() {
		return
	}

	// The facilitator's dashboard needs its own token.
	p := newPhone(t, browser, "facilitator", axe)
	p.load(chromedp.Navigate(base + "/dashboard"))
	if s := p.text("body"); !strings.Contains(s, "404 page not found") {
		t.Errorf("the dashboard without its token: %q", s)
	}
	p.load(chromedp.Navigate(run.dash))
	// It reloads itself, which axe-core's meta-refresh rule reports
	// whatever the page offers: WCAG 2.2.1 asks for a way to turn it off,
	// and the link that does is checked here.
	p.checkExcept("dashboard", "meta-refresh")
	if s := p.text("body"); !strings.Contains(s, "3 people joined, 2 finished, 1 still answering") || strings.Contains(s, "Ana Ruiz") {
		t.Errorf("the dashboard says:\n%.600s", s)
	}
	p.load(chromedp.Click(chromedp.CSS(`.collect-status a`)))
	p.check("dashboard without reloading")
	if html, _ := chromedp.Run(p.ctx, chromedp.OuterHTML(chromedp.CSS("head"))); strings.Contains(html, "refresh") {
		t.Error("the dashboard still reloads after \"Stop reloading\"")
	}
	// A link that leads nowhere gets a page of its own, checked too.
	p.load(chromedp.Navigate(base + join + "p/" + strings.Repeat("a", 26) + "/"))
	p.check("not found")
	// Chloé's resume link, opened on another device, lands on area 3.
	p.load(chromedp.Navigate(chloeResume))
	if !strings.HasSuffix(p.path(), "/3") {
		t.Errorf("Chloé's resume link leads to %s", p.path())
	}

	for _, k := range []string{"about", "area", "evidence", "finish", "thanks", "report", "dashboard", "dashboard without reloading", "not found"} {
		if !axe.checked[k] {
			t.Errorf("axe-core never checked a %s page", k)
		}
	}
	slices.Sort(axe.violations)
	for _, v := range slices.Compact(axe.violations) {
		t.Errorf("axe-core: %s", v)
	}

	// Ctrl-C: two results, Chloé's answers kept, the report printed.
	run.cancel()
	if code := run.wait(t, e); code != exitOK {
		t.Fatalf("exit %d\n%s", code, e.errOut)
	}
	var ws result.Workshop
	if err := json.Unmarshal(e.out.Bytes(), &ws); err != nil || len(ws.Respondents) != 2 {
		t.Fatalf("the report: %v, %d respondents", err, len(ws.Respondents))
	}
	if drafts, _ := filepath.Glob(filepath.Join(dir, collect.StateDir, "*.json")); len(drafts) != 2 {
		t.Errorf("state files: %v (want workshop.json and Chloé's draft)", drafts)
	}
	// "convergence report DIR" reads the same results.
	e.out.Reset()
	if err := runReport(e.f, &reportOptions{paths: []string{dir}, output: outputFlags{format: "text", allowed: report.Formats}}); err != nil {
		t.Fatal(err)
	}
	if s := e.out.String(); !strings.Contains(s, "Ana Ruiz") || !strings.Contains(s, "Ben Okafor") {
		t.Errorf("convergence report DIR:\n%.800s", s)
	}
}

// keepScreenshot writes a screenshot into COLLECT_SCREENSHOTS, when set.
func keepScreenshot(t *testing.T, name string, png []byte) {
	if dir := os.Getenv("COLLECT_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Error(err)
		}
	}
}
