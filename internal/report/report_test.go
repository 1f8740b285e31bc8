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
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/golden"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// samples are the answers files in the repository's testdata, each scored
// into a result the reports are rendered from: a Level 1 with many
// unknowns, a Level 2 capped by a gate, a Level 5 sustain plan, the shipped
// example, and a provisional level with both warnings.
var samples = []string{"level1-unknowns", "capped-level2", "level5", "example", "provisional-flags"}

func sample(t *testing.T, name string) *result.Result {
	t.Helper()
	return score(t, "", filepath.Join("..", "..", "testdata", "answers", name+".yaml"))
}

// hostile is the result of the hostile questionnaire: markup, scripts,
// table pipes, very long words, right-to-left text, direction overrides,
// terminal escapes and emoji in every string.
func hostile(t *testing.T) *result.Result {
	t.Helper()
	return score(t, filepath.Join("testdata", "hostile", "questionnaire.yaml"), filepath.Join("testdata", "hostile", "answers.yaml"))
}

func score(t *testing.T, questionnaireRef, answersPath string) *result.Result {
	t.Helper()
	a, err := questionnaire.LoadAnswers(answersPath)
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := questionnaire.Resolve(questionnaireRef)
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.Score(q, a, scoring.Options{
		Tool: result.Tool{Name: "convergence", Version: "test"},
		Now:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// styled is the text report as a terminal of the given width shows it.
func styled(width int) report.Options {
	return report.Options{Width: width, Color: colorprofile.ANSI}
}

func TestGolden(t *testing.T) {
	for _, name := range samples {
		r := sample(t, name)
		for _, c := range []struct {
			ext    string
			format report.Format
		}{{"txt", report.Text}, {"md", report.Markdown}, {"html", report.HTML}, {"json", report.JSON}} {
			t.Run(name+"/"+c.ext, func(t *testing.T) {
				golden.Assert(t, name+"."+c.ext, write(t, r, c.format, report.Options{}))
			})
		}
	}
	// Styled reports keep the styles themselves under review: with the 16
	// theme colours (bold only) and with fixed colours for a dark terminal.
	t.Run("capped-level2/styled", func(t *testing.T) {
		golden.Assert(t, "capped-level2.ansi", write(t, sample(t, "capped-level2"), report.Text, styled(100)))
	})
	t.Run("capped-level2/styled-256-dark", func(t *testing.T) {
		opts := report.Options{Width: 80, Color: colorprofile.ANSI256, Background: report.BackgroundDark}
		golden.Assert(t, "capped-level2-256.ansi", write(t, sample(t, "capped-level2"), report.Text, opts))
	})
}

// lines splits output into lines without the empty one after the last
// newline.
func lines(out []byte) []string {
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

func TestPlainTextFitsEightyColumnsWithoutEscapes(t *testing.T) {
	results := map[string]*result.Result{"hostile": hostile(t)}
	for _, name := range samples {
		results[name] = sample(t, name)
	}
	for name, r := range results {
		for _, opts := range []report.Options{{}, {Width: 80}, {Color: colorprofile.ASCII}, {Color: colorprofile.NoTTY}} {
			out := write(t, r, report.Text, opts)
			if bytes.ContainsRune(out, '\x1b') {
				t.Errorf("%s %+v: plain text holds an escape sequence", name, opts)
			}
			for i, line := range lines(out) {
				if w := max(runewidth.StringWidth(line), ansi.StringWidth(line)); w > 80 {
					t.Errorf("%s line %d is %d columns: %q", name, i+1, w, line)
				}
			}
		}
	}
}

func TestStyledTextFitsItsWidth(t *testing.T) {
	results := map[string]*result.Result{"hostile": hostile(t)}
	for _, name := range samples {
		results[name] = sample(t, name)
	}
	for name, r := range results {
		for _, width := range []int{100, 80, 60} {
			out := write(t, r, report.Text, styled(width))
			if !bytes.ContainsRune(out, '\x1b') {
				t.Errorf("%s at %d: styled text has no colour", name, width)
			}
			for i, line := range lines(out) {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s at %d: line %d is %d columns: %q", name, width, i+1, w, ansi.Strip(line))
				}
			}
		}
	}
}

// TestColourOnlyDecorates checks that the styled report says exactly what
// the plain one says: with the colour taken away, the same characters on
// the same lines, but for the legend of the colours themselves. Meaning
// never rests on colour alone.
func TestColourOnlyDecorates(t *testing.T) {
	for _, name := range append(samples, "hostile") {
		var r *result.Result
		if name == "hostile" {
			r = hostile(t)
		} else {
			r = sample(t, name)
		}
		for _, width := range []int{80, 100} {
			for _, p := range []colorprofile.Profile{colorprofile.ANSI, colorprofile.ANSI256, colorprofile.TrueColor} {
				plain := string(write(t, r, report.Text, report.Options{Width: width}))
				out := string(write(t, r, report.Text, report.Options{Width: width, Color: p}))
				stripped := withoutLegend(t, ansi.Strip(out))
				if plain != stripped {
					t.Errorf("%s at %d (%s): the styled report without colour differs from the plain one:\n%s\n---\n%s", name, width, p, stripped, plain)
				}
			}
		}
	}
}

// withoutLegend takes out the styled report's legend of its colours: the
// lines from "Colours:" to the blank line after them.
func withoutLegend(t *testing.T, s string) string {
	t.Helper()
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if strings.HasPrefix(l, "Colours: ") {
			j := i
			for j < len(ls) && ls[j] != "" {
				j++
			}
			return strings.Join(append(ls[:i:i], ls[j:]...), "\n")
		}
	}
	t.Error("the styled report has no legend of its colours")
	return s
}

func TestTextUsesTheWidthItIsGiven(t *testing.T) {
	r := sample(t, "level1-unknowns")
	widest := func(out []byte) int {
		w := 0
		for _, l := range lines(out) {
			w = max(w, ansi.StringWidth(l))
		}
		return w
	}
	if w80, w100 := widest(write(t, r, report.Text, report.Options{Width: 80})), widest(write(t, r, report.Text, report.Options{Width: 100})); w100 <= w80 {
		t.Errorf("a 100-column report is no wider than an 80-column one (%d, %d)", w100, w80)
	}
	for i, l := range lines(write(t, r, report.Text, report.Options{Width: 50})) {
		if w := ansi.StringWidth(l); w > 50 {
			t.Errorf("at 50 columns line %d is %d: %q", i+1, w, l)
		}
	}
}

func TestTextSaysWhatMatters(t *testing.T) {
	for _, c := range []struct {
		sample string
		want   []string
	}{
		{"capped-level2", []string{
			"Globex\n",
			"Level 2 · Connected — Linked pipes, not shared meaning.",
			"Held at Level 2: no shared customer ID.",
			"To reach Level 3 · Aligned: move 1 answer",
			"  - shared customer ID 2 → 3",
			"First three actions",
			"IT/Data · weeks 1–3 · moves shared customer ID, 2 → 3",
			"19 of 19 answered · held by 1 rule",
			"Index 57 of 100: the average answer",
			"[● Connected]",
			"shared customer ID holds the overall level at 2",
			"Why Level 2",
			"Level 3 needs one customer ID shared by CRM",
			"Already strong:",
			"Next: One shared ID links CRM",
			"In plan: weeks 1–9.",
			"90 days toward Level 3 · Aligned",
			"Weeks 1–3 · Audit & Align",
			"Re-run this assessment",
			"In short",
		}},
		{"provisional-flags", []string{
			"Provisional: Level 2 now — up to Level 3 if the unknowns are confirmed.",
			"shared customer ID not sure → 3 or above",
			"CMO · weeks 1–3 · confirms shared customer ID",
			"1 unknown · 1 consent risk · 1 inconsistent profile",
			"(approaching 3)",
			"held below Level 3 by opt-out handling\n",
			"! Consent risk:",
			"! Inconsistent profile:",
			"Unknowns to check (1)",
			"Ask: IT/Data or Marketing Ops",
			"IT/Data or Marketing Ops knows.",
			"Top 5 gaps of 7",
			"… and 2 more in the HTML and JSON reports.",
		}},
		{"level1-unknowns", []string{
			"Why Level 1",
			"To reach Level 2 · Connected: confirm 3 answers marked “Not sure” and move 3",
			"13 of 19 answered · 5 unknowns · 1 not applicable · 1 consent risk",
			"Data foundation          ████░░░░░░░░░░░░░░░░  1.00  not enough known",
			"2 of 5 answered: too few to judge its level",
		}},
		{"level5", []string{"Every dimension is at Level 5", "90 days to sustain Level 5", "keeps opt-out handling at 5", "In plan: weeks 7–9."}},
	} {
		out := string(write(t, sample(t, c.sample), report.Text, report.Options{}))
		for _, want := range c.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: text report lacks %q", c.sample, want)
			}
		}
	}
}

// firstWords is the start of a text, as far as it surely fits one line.
func firstWords(s string, n int) string {
	return strings.Join(strings.Fields(s)[:min(n, len(strings.Fields(s)))], " ")
}

// TestTextLeadsAndEndsWithTheVerdict checks what a terminal shows: the
// first screen (24 lines) names the level, why and what the next level
// takes, and once the report has scrolled by, its last ten lines still
// hold the level and the first action.
func TestTextLeadsAndEndsWithTheVerdict(t *testing.T) {
	for _, name := range samples {
		r := sample(t, name)
		level := fmt.Sprintf("Level %d · %s", r.Overall.Level, r.Overall.LevelName)
		first := firstAction(t, r)
		for _, opts := range []report.Options{{Width: 80}, {Width: 100}, {Width: 80, Color: colorprofile.TrueColor, Background: report.BackgroundLight}} {
			ls := lines([]byte(ansi.Strip(string(write(t, r, report.Text, opts)))))
			head := strings.Join(strings.Fields(strings.Join(ls[:24], " ")), " ")
			for _, want := range []string{level, strings.TrimSuffix(r.Overall.Reason, ".")} {
				if !strings.Contains(head, want) {
					t.Errorf("%s at %d: the first 24 lines lack %q:\n%s", name, opts.Width, want, strings.Join(ls[:24], "\n"))
				}
			}
			if r.Overall.Level < result.MaxLevel && !strings.Contains(head, fmt.Sprintf("To reach Level %d", r.Overall.Level+1)) {
				t.Errorf("%s at %d: the first 24 lines do not say what the next level takes", name, opts.Width)
			}
			tail := strings.Join(strings.Fields(strings.Join(ls[len(ls)-10:], " ")), " ")
			if !strings.Contains(tail, level) || !strings.Contains(tail, firstWords(first, 6)) {
				t.Errorf("%s at %d: the last 10 lines lack %q or the first action %q:\n%s", name, opts.Width, level, first, strings.Join(ls[len(ls)-10:], "\n"))
			}
		}
	}
}

// firstAction is the title of the first action the verdict names: the
// first of the plan that moves an answer the next level needs.
func firstAction(t *testing.T, r *result.Result) string {
	t.Helper()
	needed := map[string]bool{}
	if r.Overall.NextLevel != nil {
		for _, c := range r.Overall.NextLevel.Changes {
			needed[c.Question] = true
		}
	}
	var rung string
	for _, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			for _, c := range a.Closes {
				if needed[c] || strings.HasPrefix(c, "flag:") {
					return a.Title
				}
			}
			if rung == "" && a.FromLevel > 0 {
				rung = a.Title
			}
		}
	}
	if rung == "" {
		t.Fatal("the plan has no action to name")
	}
	return rung
}

// TestSectionsComeInOneOrder checks that the text, Markdown and HTML
// reports give the same sections in the same order, the verdict first.
func TestSectionsComeInOneOrder(t *testing.T) {
	for _, name := range samples {
		r := sample(t, name)
		order := []string{fmt.Sprintf("Level %d · ", r.Overall.Level), r.Overall.Reason}
		if r.Overall.NextLevel != nil {
			order = append(order, fmt.Sprintf("To reach Level %d", r.Overall.NextLevel.Level))
		}
		order = append(order, "First three actions", "Dimensions", fmt.Sprintf("Why Level %d", r.Overall.Level))
		if len(r.Overall.Flags) > 0 {
			order = append(order, "Check these")
		}
		order = append(order, "AI readiness")
		if len(r.Gaps) > 0 {
			order = append(order, "gaps")
		}
		if len(r.Unknowns) > 0 {
			order = append(order, "Unknowns to check")
		}
		order = append(order, r.Plan.Title)
		for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
			out := html.UnescapeString(string(write(t, r, f, report.Options{})))
			if f == report.Markdown {
				out = strings.ReplaceAll(out, "\\", "")
			}
			out = strings.Join(strings.Fields(out), " ")
			at := 0
			for _, want := range order {
				i := strings.Index(out[at:], want)
				if i < 0 {
					t.Errorf("%s %s: %q is missing or out of order", name, f, want)
					continue
				}
				at += i + len(want)
			}
		}
	}
}

// The prose of reports for people never shows the code's own words.
func TestReportsSpeakPlainly(t *testing.T) {
	r := sample(t, "provisional-flags")
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := string(write(t, r, f, report.Options{}))
		for _, jargon := range []string{"capped_by", "level_if_confirmed", "second-weakest-dimension", "consent-risk", "inconsistent-profile"} {
			if strings.Contains(out, jargon) {
				t.Errorf("%s report says %q", f, jargon)
			}
		}
		if f != report.HTML && strings.Contains(out, "data.customer-id") {
			t.Errorf("%s report shows a question id in its prose", f)
		}
	}
}

func TestMarkdownSaysWhatMatters(t *testing.T) {
	out := string(write(t, sample(t, "provisional-flags"), report.Markdown, report.Options{}))
	for _, want := range []string{
		"# Contoso Health\n",
		"## Level 2 · Connected — Linked pipes, not shared meaning.\n",
		"**Held at Level 2: Data foundation (1 of its 5 answers “Not sure”) and People & alignment are below Level 3; shared customer ID not known (“Not sure”).**",
		"> **Provisional:** Level 2 now — up to Level 3 if the unknowns are confirmed.",
		"1. Confirm the answers marked “Not sure”  \n   *CMO · weeks 1–3 · confirms shared customer ID*",
		"| Dimension | Average answer | Bar, 0 to 5 | Level |",
		"| Data foundation | 3.60 | `██████████████░░░░░░` | Level 2 Connected (approaching 3) · held below Level 3 by opt-out handling |",
		"> **⚠ Consent risk:**",
		"## Top 5 gaps of 7\n",
		"<details><summary>2 more gaps</summary>",
		"## 90 days toward Level 3 · Aligned\n",
		"### Weeks 1–3 · Audit & Align\n",
		"| Action | Owner | Moves | Why |",
		`W-shaped model \| reconciled to bookings monthly`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}
}

// The Markdown report is titled with the organisation, or with the
// questionnaire when no organisation is known.
func TestMarkdownTitleIsTheOrganisation(t *testing.T) {
	r := sample(t, "capped-level2")
	if out := string(write(t, r, report.Markdown, report.Options{})); !strings.HasPrefix(out, "# Globex\n") {
		t.Errorf("the Markdown title is %q, want the organisation", strings.SplitN(out, "\n", 2)[0])
	}
	r.Respondent.Org = ""
	if out := string(write(t, r, report.Markdown, report.Options{})); !strings.HasPrefix(out, "# Convergence Maturity Diagnostic\n") {
		t.Errorf("without an organisation the Markdown title is %q, want the questionnaire", strings.SplitN(out, "\n", 2)[0])
	}
}

// tableRow matches a Markdown table row; cells are split at pipes that are
// not escaped.
var unescapedPipe = regexp.MustCompile(`(^|[^\\])((\\\\)*)\|`)

func markdownCells(row string) int {
	return len(unescapedPipe.FindAllStringIndex(row, -1)) - 1
}

// checkMarkdownTables checks that every row of every table has as many
// cells as its header: nothing from a file split a cell or broke a row.
func checkMarkdownTables(t *testing.T, name string, out []byte) {
	t.Helper()
	header := 0
	tables := 0
	for i, line := range lines(out) {
		if !strings.HasPrefix(line, "|") {
			header = 0
			continue
		}
		if header == 0 {
			header = markdownCells(line)
			tables++
			continue
		}
		if n := markdownCells(line); n != header {
			t.Errorf("%s line %d has %d cells, its table %d: %q", name, i+1, n, header, line)
		}
	}
	if tables == 0 {
		t.Errorf("%s: no tables", name)
	}
}

func TestMarkdownTablesKeepTheirShape(t *testing.T) {
	for _, name := range samples {
		checkMarkdownTables(t, name, write(t, sample(t, name), report.Markdown, report.Options{}))
	}
	checkMarkdownTables(t, "hostile", write(t, hostile(t), report.Markdown, report.Options{}))
}

func TestHostileInputIsEscaped(t *testing.T) {
	r := hostile(t)

	html := string(write(t, r, report.HTML, report.Options{}))
	for _, bad := range []string{"<script", "<img", "<svg onload", "<style>body", "</td></tr></table>", "<b>function", "<i>spreadsheet", "\x1b", "\u202e"} {
		if strings.Contains(strings.ToLower(html), strings.ToLower(bad)) {
			t.Errorf("HTML holds raw %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(", "&lt;img src=x onerror=alert(", "👨‍👩‍👧‍👦", "עברית"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks the escaped text %q", want)
		}
	}

	md := string(write(t, r, report.Markdown, report.Options{}))
	// In Markdown a backslash makes the next character plain text.
	for _, bad := range []string{"<script", "<img", "<b>", "[link]", "*emphasis*", "\x1b", "\u202e"} {
		if regexp.MustCompile(`(^|[^\\])` + regexp.QuoteMeta(bad)).MatchString(md) {
			t.Errorf("Markdown holds unescaped %q", bad)
		}
	}
	if strings.Contains(md, "\n# not a heading") || strings.Contains(md, "\n1. not a numbered list") {
		t.Error("text from a file became Markdown structure")
	}

	for _, opts := range []report.Options{{}, styled(80)} {
		text := string(write(t, r, report.Text, opts))
		if strings.Contains(ansi.Strip(text), "\x1b") || strings.Contains(text, "\u202e") || strings.Contains(text, "\x1b]8;") || strings.Contains(text, "\x1b[2J") {
			t.Errorf("text report (%+v) passes a terminal escape or direction override through", opts)
		}
	}
}

// TestHTMLIsSelfContained checks that the HTML report can fetch nothing and
// run nothing: no scripts, no links to styles, fonts or images, and a
// policy that forbids them in case anything slips through.
func TestHTMLIsSelfContained(t *testing.T) {
	for _, name := range samples {
		out := strings.ToLower(string(write(t, sample(t, name), report.HTML, report.Options{})))
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "@import", "url(", "src=", "href=", "http://", "https://", "//fonts"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: HTML holds %q", name, bad)
			}
		}
		for _, want := range []string{"content-security-policy", "default-src 'none'", "@page", "break-inside: avoid", "<svg"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: HTML lacks %q", name, want)
			}
		}
	}
}

func TestHTMLSaysWhatMatters(t *testing.T) {
	// A step like "2 → 3" is kept on one line with non-breaking spaces.
	out := strings.ReplaceAll(html.UnescapeString(string(write(t, sample(t, "provisional-flags"), report.HTML, report.Options{}))), "\u00a0", " ")
	for _, want := range []string{
		`<meta name="color-scheme" content="light dark">`,
		"@media screen and (prefers-color-scheme: dark)",
		"<main>",
		`<h1 class="t">Contoso Health</h1>`,
		`<h2 id="verdict">Level 2 · Connected</h2>`,
		`<p class="reason">Held at Level 2: Data foundation (1 of its 5 answers “Not sure”) and People & alignment are below Level 3; shared customer ID not known (“Not sure”).</p>`,
		"<b>Provisional.</b> Level 2 now — up to Level 3 if the unknowns are confirmed.",
		"<h3>First three actions</h3>",
		`aria-current="step"`,
		`class="radar"`,
		`<polygon class="current"`,
		`<polygon class="target"`,
		"approaching Level 3",
		"⚠ </span>Consent risk:",
		"Next level looks like",
		"Unknowns to check",
		"90 days toward Level 3 · Aligned",
		"Weeks 10–12",
		"Moves opt-out handling, 2 → 3",
		"W-shaped model | reconciled to bookings monthly",
		"sha256:",
		"convergence test",
		"blue marks the level and the scores",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	// The verdict comes before any chart.
	if strings.Index(out, `class="reason"`) > strings.Index(out, "<svg class=\"meter\"") {
		t.Error("the reason comes after the dimension bars")
	}
}

// TestHTMLFoldsAllButTheTopGaps checks that the HTML shows five gaps and
// folds the rest away, without a script.
func TestHTMLFoldsAllButTheTopGaps(t *testing.T) {
	r := sample(t, "example")
	if len(r.Gaps) <= 5 {
		t.Fatalf("the example has %d gaps; the test needs more than five", len(r.Gaps))
	}
	out := string(write(t, r, report.HTML, report.Options{}))
	top, more, ok := strings.Cut(out, `<details class="more">`)
	if !ok {
		t.Fatal("the HTML has no folded gaps")
	}
	if n := strings.Count(top[strings.Index(top, `id="gaps"`):], `<td class="rank">`); n != 5 {
		t.Errorf("%d gaps before the fold, want 5", n)
	}
	if n := strings.Count(more, `<td class="rank">`); n != len(r.Gaps)-5 {
		t.Errorf("%d gaps in the fold, want %d", n, len(r.Gaps)-5)
	}
	if !strings.Contains(more, fmt.Sprintf("<summary>%d more gaps</summary>", len(r.Gaps)-5)) {
		t.Error("the fold does not say how many gaps it holds")
	}
}

// TestReportsSayWhatEachActionMoves checks that every format ties the
// gaps to the plan and each action to the answer it moves.
func TestReportsSayWhatEachActionMoves(t *testing.T) {
	r := sample(t, "capped-level2")
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := strings.ReplaceAll(strings.ToLower(html.UnescapeString(string(write(t, r, f, report.Options{})))), "\u00a0", " ")
		for _, want := range []string{"moves shared customer id, 2 → 3", "customer data quality, 3 → 4", "weeks 1–9"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
	}
}

// A dimension with too few answers reads "not enough known", not a level.
func TestInsufficientDimensionIsNotAVerdict(t *testing.T) {
	r := sample(t, "level1-unknowns")
	if d := r.Dimension("data"); d == nil || !d.Insufficient {
		t.Fatal("the sample's data dimension is no longer marked insufficient")
	}
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := strings.ToLower(string(write(t, r, f, report.Options{})))
		if !strings.Contains(out, "not enough known") || !strings.Contains(out, "2 of 5 answered") {
			t.Errorf("%s does not say the data dimension's level is not a verdict", f)
		}
	}
}

// TestOlderResultsRenderWithGenericLines renders a result saved before the
// engine wrote its reason, next level, topics, rungs and the actions of
// each gap: every report still renders, with generic lines only.
func TestOlderResultsRenderWithGenericLines(t *testing.T) {
	r := sample(t, "capped-level2")
	r.Overall.Reason, r.Overall.NextLevel, r.Overall.Strengths = "", nil, nil
	for i := range r.Answers {
		r.Answers[i].Topic = ""
	}
	for i := range r.Gaps {
		r.Gaps[i].Topic, r.Gaps[i].Actions = "", nil
	}
	for i := range r.Dimensions {
		r.Dimensions[i].HeldBy = nil
	}
	for i := range r.Plan.Phases {
		for j := range r.Plan.Phases[i].Actions {
			r.Plan.Phases[i].Actions[j].FromLevel, r.Plan.Phases[i].Actions[j].Closes = 0, nil
		}
	}
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := html.UnescapeString(string(write(t, r, f, report.Options{})))
		for _, want := range []string{"Held at Level 2 by 1 rule: see why below.", "To reach Level 3 · Aligned: see the top gaps", "Choose the shared customer ID"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s of an older result lacks %q", f, want)
			}
		}
		for _, bad := range []string{"moves shared", "Moves shared", "in plan:", "In plan:", "confirms ", "| Moves |", "the answer it moves"} {
			if i := strings.Index(out, bad); i >= 0 {
				t.Errorf("%s of an older result says %q, which it does not record: …%s…", f, bad, out[max(0, i-60):min(len(out), i+60)])
			}
		}
	}
}

func TestHTMLRadarNeedsThreeDimensions(t *testing.T) {
	for n := 1; n <= 6; n++ {
		r := sample(t, "capped-level2")
		dims := r.Dimensions
		for len(dims) < n {
			d := dims[len(dims)%len(r.Dimensions)]
			d.ID += "-copy"
			dims = append(dims, d)
		}
		r.Dimensions = dims[:n]
		out := string(write(t, r, report.HTML, report.Options{}))
		hasRadar := strings.Contains(out, `class="radar"`)
		if hasRadar != (n >= 3) {
			t.Errorf("%d dimensions: radar shown = %v", n, hasRadar)
		}
		if got := strings.Count(out, `<svg class="meter"`); got != n {
			t.Errorf("%d dimensions: %d bars", n, got)
		}
		if n >= 3 {
			m := regexp.MustCompile(`<polygon class="current" points="([^"]*)"`).FindStringSubmatch(out)
			if m == nil || len(strings.Fields(m[1])) != n {
				t.Errorf("%d dimensions: current polygon %q", n, m)
			}
		}
	}
}

// TestBarsStartAtZero checks that a dimension's bar is drawn on a scale of
// 0 to 5, so that an average answer of 1 is a fifth of the bar, and that
// its level is a mark at the level itself.
func TestBarsStartAtZero(t *testing.T) {
	r := sample(t, "level1-unknowns")
	out := string(write(t, r, report.HTML, report.Options{}))
	bar := regexp.MustCompile(`<rect class="fill[^"]*" x="0" y="6" width="([0-9.]+)"`).FindAllStringSubmatch(out, -1)
	if len(bar) != len(r.Dimensions) {
		t.Fatalf("%d bars, want %d", len(bar), len(r.Dimensions))
	}
	for i, d := range r.Dimensions {
		if want := fmt.Sprint(d.Score * 100); bar[i][1] != want {
			t.Errorf("%s: an average answer of %.2f fills %s of 500, want %s", d.Name, d.Score, bar[i][1], want)
		}
	}
	marks := regexp.MustCompile(`<line class="level" x1="([0-9.]+)"`).FindAllStringSubmatch(out, -1)
	if len(marks) != len(r.Dimensions)-1 {
		t.Errorf("%d level marks, want one for every dimension but the one whose level is not known", len(marks))
	}
	for _, m := range marks {
		if m[1] != "100" {
			t.Errorf("a Level 1 dimension's mark is at %s, want 100", m[1])
		}
	}
	// A capped dimension carries the rule's mark at the level it allows.
	capped := string(write(t, sample(t, "capped-level2"), report.HTML, report.Options{}))
	if !strings.Contains(capped, `<line class="cap" x1="200"`) {
		t.Error("the capped result has no mark where the rule holds the overall level")
	}
}

func TestHTMLIsDeterministic(t *testing.T) {
	r := sample(t, "example")
	if a, b := write(t, r, report.HTML, report.Options{}), write(t, r, report.HTML, report.Options{}); !bytes.Equal(a, b) {
		t.Error("two renderings of one result differ")
	}
	if out := write(t, r, report.HTML, report.Options{}); regexp.MustCompile(`\d\.\d{3,}`).Match(out) {
		t.Error("a number in the HTML has more than two decimals")
	}
}

func TestWrapBreaksLongWords(t *testing.T) {
	lines := report.Wrap("short "+strings.Repeat("x", 25)+" end", 10)
	for _, l := range lines {
		if runewidth.StringWidth(l) > 10 {
			t.Errorf("line %q is wider than 10", l)
		}
	}
	if got := strings.Join(lines, ""); strings.Count(got, "x") != 25 {
		t.Errorf("characters lost: %q", lines)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "markdown", "html", "json", "JSON", "openmetrics", "csv", "junit", "yaml"} {
		if f, ok := report.ParseFormat(s); !ok || f != report.Format(strings.ToLower(s)) {
			t.Errorf("%s: read as %q, %v", s, f, ok)
		}
	}
	if f, ok := report.ParseFormat("pdf"); ok {
		t.Errorf("pdf accepted as %q", f)
	}
}

// TestReadmeReportSample keeps the README's sample of the text report true:
// it must appear, as it is, in the report of the answers file it names.
func TestReadmeReportSample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- report-sample testdata/answers/([a-z0-9-]+)\\.yaml -->\n```\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README has no report sample")
	}
	out := write(t, sample(t, string(m[1])), report.Text, report.Options{})
	if !bytes.Contains(out, m[2]) {
		t.Errorf("the README's report sample is not what the report of %s prints:\n%s", m[1], m[2])
	}
}
