package report_test

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convergence-model/convergence/internal/golden"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/result/schema"
	"github.com/convergence-model/convergence/internal/scoring"
)

// workshopFiles are the three respondents of testdata/workshop: the
// hand-computed workshop of internal/scoring's aggregate test.
var workshopFiles = []string{"marketing", "sales", "service"}

// workshop aggregates the three results the way the report command does:
// each through its JSON and the summary a workshop reads.
func workshop(t *testing.T, anonymous bool) *result.Workshop {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	agg := scoring.NewAggregator(q)
	for _, name := range workshopFiles {
		r := score(t, "", filepath.Join("..", "..", "testdata", "workshop", name+".yaml"))
		var buf bytes.Buffer
		if err := report.Write(&buf, r, report.JSON, report.Options{}); err != nil {
			t.Fatal(err)
		}
		s, err := result.ParseSummary(name+".json", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := agg.Add(name+".json", s); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := agg.Workshop(scoring.WorkshopOptions{Tool: result.Tool{Name: "convergence", Version: "test"}, Anonymous: anonymous})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestWorkshopGolden(t *testing.T) {
	for _, c := range []struct {
		name      string
		anonymous bool
		formats   []report.Format
	}{
		{"workshop", false, report.Formats},
		{"workshop-anonymous", true, []report.Format{report.Text, report.Markdown, report.HTML}},
	} {
		ws := workshop(t, c.anonymous)
		for _, f := range c.formats {
			t.Run(c.name+"/"+ext(f), func(t *testing.T) {
				golden.Assert(t, c.name+"."+ext(f), write(t, ws, f, report.Options{}))
			})
		}
	}
	t.Run("workshop/styled", func(t *testing.T) {
		golden.Assert(t, "workshop.ansi", write(t, workshop(t, false), report.Text, styled(100)))
	})
}

func TestWorkshopJSONMatchesItsSchema(t *testing.T) {
	for _, anonymous := range []bool{false, true} {
		out := write(t, workshop(t, anonymous), report.JSON, report.Options{})
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		f, err := schema.FS.Open("workshop.v1.json")
		if err != nil {
			t.Fatal(err)
		}
		sdoc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource("workshop.v1.json", sdoc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("workshop.v1.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("anonymous=%v: the workshop JSON does not match its schema: %v", anonymous, err)
		}
	}
}

// TestWorkshopSaysWhatMatters checks the workshop's content and its order:
// where the teams disagree comes first among the findings, the plan near
// the end and the respondents last.
func TestWorkshopSaysWhatMatters(t *testing.T) {
	ws := workshop(t, false)
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := strings.Join(strings.Fields(html.UnescapeString(string(write(t, ws, f, report.Options{})))), " ")
		order := []string{
			"Acme",
			"Workshop · 3 respondents: Marketing, Sales, Service",
			"Level 2 · Connected",
			"Held at Level 2: no shared customer ID.",
			"To reach Level 3",
			"First three actions",
			"3 respondents · 3 disagreements · 1 unknown · held by 1 rule",
			"Where your teams disagree",
			"Can you match one customer's records across all your",
			"No: each system has its own IDs",
			"Sev Amari (Service)",
			"How does what each team learns about customers reach the other",
			"Dimension means by role",
			"Why Level 2",
			"AI readiness",
			"Top gaps",
			"1 of 3 was not sure.",
			"90 days toward Level 3",
			"Respondents",
			"Mia Chen",
		}
		at := 0
		for _, want := range order {
			i := strings.Index(out[at:], want)
			if i < 0 {
				t.Errorf("%s: %q is missing or out of order", f, want)
				continue
			}
			at += i
		}
		if !strings.Contains(out, "2.20 ▼") || !strings.Contains(out, "2.67 ▼") {
			t.Errorf("%s: the lowest role per dimension is not marked with ▼", f)
		}
		if f != report.HTML && !strings.Contains(out, "Marketing 4 · Sales 2 · Service 1") {
			t.Errorf("%s: the by-role means of the customer-ID question are missing", f)
		}
	}
}

func TestWorkshopAnonymousNamesNobody(t *testing.T) {
	ws := workshop(t, true)
	for _, f := range report.Formats {
		out := string(write(t, ws, f, report.Options{}))
		for _, name := range []string{"Mia", "Sal Ortiz", "Sev Amari"} {
			if strings.Contains(out, name) {
				t.Errorf("%s: the anonymous workshop names %q", f, name)
			}
		}
		if !strings.Contains(out, "Respondent 1") || !strings.Contains(strings.ToLower(out), "service") {
			t.Errorf("%s: the anonymous workshop should number respondents and keep roles", f)
		}
		if f == report.Text && !strings.Contains(out, "Lowest:  Level 1 “No: each system has its own IDs” — Service") {
			t.Errorf("the anonymous text should say who answered by role:\n%s", out)
		}
	}
}

// A large workshop names roles, not people, at the ends of a hotspot.
func TestWorkshopLargeNamesRoles(t *testing.T) {
	ws := workshop(t, false)
	for len(ws.Respondents) <= 12 {
		ws.Respondents = append(ws.Respondents, ws.Respondents[0])
	}
	out := string(write(t, ws, report.Text, report.Options{}))
	if strings.Contains(out, "— Sev Amari") || !strings.Contains(out, "“No: each system has its own IDs” — Service") {
		t.Errorf("a workshop of %d names people at the ends of its hotspots", len(ws.Respondents))
	}
}

// A workshop saved before its gaps listed the actions that move them says
// when the plan moves each gap all the same, from the plan itself.
func TestWorkshopWithoutGapActionsSaysWhenThePlanMovesThem(t *testing.T) {
	ws := workshop(t, false)
	want := write(t, ws, report.Text, report.Options{})
	if !bytes.Contains(want, []byte("In plan: weeks")) {
		t.Fatal("the workshop's gaps do not say when the plan moves them")
	}
	for i := range ws.Gaps {
		ws.Gaps[i].Actions = nil
	}
	if got := write(t, ws, report.Text, report.Options{}); !bytes.Equal(got, want) {
		t.Errorf("without the gaps' actions the report reads\n%s\nwant\n%s", got, want)
	}
}

func TestWorkshopWithoutHotspotsSaysTheTeamsAgree(t *testing.T) {
	ws := workshop(t, false)
	ws.Hotspots = nil
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := strings.Join(strings.Fields(string(write(t, ws, f, report.Options{}))), " ")
		if !strings.Contains(out, "Your teams broadly agree: on every question the answers are less than two levels apart.") {
			t.Errorf("%s: no hotspots, but the report does not say the teams agree", f)
		}
	}
}

func TestWorkshopTextFitsAndColourOnlyDecorates(t *testing.T) {
	for _, anonymous := range []bool{false, true} {
		ws := workshop(t, anonymous)
		plain := write(t, ws, report.Text, report.Options{})
		if bytes.ContainsRune(plain, '\x1b') {
			t.Error("plain workshop text holds an escape sequence")
		}
		for i, line := range lines(plain) {
			if w := max(runewidth.StringWidth(line), ansi.StringWidth(line)); w > 80 {
				t.Errorf("plain line %d is %d columns: %q", i+1, w, line)
			}
		}
		for _, width := range []int{100, 80, 60, 40} {
			out := write(t, ws, report.Text, styled(width))
			if got, want := withoutLegend(t, ansi.Strip(string(out))), string(write(t, ws, report.Text, report.Options{Width: width})); got != want {
				t.Errorf("at %d: the styled workshop without colour differs from the plain one:\n%s\n---\n%s", width, got, want)
			}
			for i, line := range lines(out) {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("at %d: line %d is %d columns: %q", width, i+1, w, ansi.Strip(line))
				}
			}
		}
	}
}

// hostileWorkshop puts markup, pipes, escapes and direction overrides into
// every string of a workshop that comes from a file.
func hostileWorkshop(t *testing.T) *result.Workshop {
	ws := workshop(t, false)
	bad := "<script>alert(1)</script> | *x* \x1b[2J\u202e [link](http://x)"
	ws.Questionnaire.Title += bad
	for i := range ws.Respondents {
		ws.Respondents[i].Name += bad
		ws.Respondents[i].Org += bad
		ws.Respondents[i].Role += bad
	}
	for i := range ws.ByRole {
		ws.ByRole[i].Role += bad
	}
	for i := range ws.Dimensions {
		ws.Dimensions[i].Name += bad
	}
	for i := range ws.Hotspots {
		h := &ws.Hotspots[i]
		h.Prompt += bad
		h.Low.Label += bad
		for j := range h.Answers {
			h.Answers[j].Respondent += bad
		}
		for j := range h.ByRole {
			h.ByRole[j].Role += bad
		}
	}
	return ws
}

func TestWorkshopHostileInputIsEscaped(t *testing.T) {
	ws := hostileWorkshop(t)
	page := string(write(t, ws, report.HTML, report.Options{}))
	for _, bad := range []string{"<script", "\x1b", "\u202e", "href="} {
		if strings.Contains(page, bad) {
			t.Errorf("the workshop HTML holds raw %q", bad)
		}
	}
	md := write(t, ws, report.Markdown, report.Options{})
	checkMarkdownTables(t, "hostile workshop", md)
	if regexp.MustCompile(`(^|[^\\])<script`).Match(md) {
		t.Error("the workshop Markdown holds unescaped markup")
	}
	for _, opts := range []report.Options{{}, styled(80)} {
		text := string(write(t, ws, report.Text, opts))
		if strings.Contains(ansi.Strip(text), "\x1b") || strings.Contains(text, "\u202e") {
			t.Errorf("the workshop text (%+v) passes a terminal escape or direction override through", opts)
		}
		for i, line := range lines([]byte(text)) {
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("hostile workshop line %d is %d columns", i+1, w)
			}
		}
	}
}

func TestWorkshopHTMLDrawsEveryRole(t *testing.T) {
	ws := workshop(t, false)
	page := string(write(t, ws, report.HTML, report.Options{}))
	// The radar is gone from the workshop: one chart kind, one meaning.
	if strings.Contains(page, `class="radar"`) {
		t.Error("the workshop draws a radar")
	}
	// Each dimension's bar carries the respondents' range: a whisker with
	// a mark at each end, or one mark where everyone scored the same.
	if n := strings.Count(page, `<svg class="meter"`); n != len(ws.Dimensions) {
		t.Errorf("%d bars, want %d", n, len(ws.Dimensions))
	}
	wantRange := 0
	for _, d := range ws.Dimensions {
		wantRange += 2
		if d.Min != d.Max {
			wantRange++
		}
	}
	if n := strings.Count(page, `<line class="range"`); n != wantRange {
		t.Errorf("%d range lines, want %d", n, wantRange)
	}
	// Each role is told apart by dash pattern and marker shape as well as
	// colour, in the table of means and under the hotspots.
	keys := regexp.MustCompile(`<line x1="1" y1="7" x2="33" y2="7" stroke="([^"]*)" stroke-width="2"( stroke-dasharray="[^"]*")?/><path class="keymark" d="([^"]*)"`).FindAllStringSubmatch(page, -1)
	shapes := map[string]bool{}
	for _, k := range keys {
		shapes[fmt.Sprintf("%d/%d%s", strings.Count(k[3], "L"), strings.Count(k[3], "a"), k[2])] = true
	}
	if len(keys) == 0 || len(shapes) != len(ws.ByRole) {
		t.Errorf("the roles' keys do not differ by shape and dash: %d keys, %d kinds", len(keys), len(shapes))
	}
	if n := strings.Count(page, `<article class="card hotspot"`); n != 3 {
		t.Errorf("%d hotspot cards, want 3", n)
	}
	for _, bad := range []string{"<script", "<link", "<img", "http://", "https://", "url("} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the workshop HTML holds %q", bad)
		}
	}
}

// TestReadmeWorkshopSamples keeps the README's samples of the workshop
// report true: each must appear, as it is, in the text report of the same
// three results.
func TestReadmeWorkshopSamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	samples := regexp.MustCompile("(?s)<!-- workshop-sample -->\n```\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(samples) == 0 {
		t.Fatal("the README has no workshop samples")
	}
	out := write(t, workshop(t, false), report.Text, report.Options{})
	for _, s := range samples {
		if !bytes.Contains(out, s[1]) {
			t.Errorf("the README's workshop sample is not what the report prints:\n%s", s[1])
		}
	}
}

// A gap's rung is the engine's, not its rounded mean's: a mean of 2.995
// is stored as 3, yet the answer is on rung 2 and its next step is Level 3.
func TestWorkshopGapRungIsNotTheRoundedMean(t *testing.T) {
	ws := workshop(t, false)
	g := &ws.Gaps[0]
	if g.Level != 2 {
		t.Fatalf("the first gap is on rung %d; the test needs one on rung 2", g.Level)
	}
	g.Mean = 3 // as 2.995 is stored
	out := string(write(t, ws, report.Markdown, report.Options{}))
	if want := g.Next + " (Level 3)"; !strings.Contains(out, want) {
		t.Errorf("the gap's next step is not %q:\n%s", want, out)
	}
}
