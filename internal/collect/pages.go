package collect

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// The participant's pages share the reports' palette: the same ink, muted
// grey, lines and accent blue, so a participant's form and report look of
// one piece. Every colour pair meets WCAG AA contrast.
const styles = `:root {
  --ink: #1b2430; --muted: #566172; --line: #d3d9e1; --soft: #f4f6f9;
  --accent: #1f4e8c; --accent-soft: #e6edf7; --warn: #9a3412; --warn-soft: #fdf1e8;
}
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 720px; padding: 16px 16px 32px; color: var(--ink); background: #fff;
  font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  overflow-wrap: anywhere; }
p, li, legend, label, h1, h2 { unicode-bidi: plaintext; }
h1 { font-size: 24px; line-height: 1.25; margin: 12px 0 8px; }
h2 { font-size: 18px; margin: 0 0 6px; }
p { margin: 0 0 12px; }
a { color: var(--accent); }
.muted, .hint { color: var(--muted); }
.hint { font-size: 15px; margin: 4px 0 10px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 8px; }
.eyebrow { font-size: 13px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: var(--accent); margin: 0; }
.progress { margin: 2px 0 6px; font-weight: 600; }
.bar { height: 8px; border-radius: 4px; background: var(--soft); border: 1px solid var(--line); overflow: hidden; }
.fill { height: 100%; background: var(--accent); }
{{widths}}
.field { margin: 18px 0; }
.field label { display: block; font-weight: 650; margin-bottom: 4px; }
input[type=text] { width: 100%; font: inherit; padding: 10px 12px; border: 1.5px solid var(--muted); border-radius: 8px; color: var(--ink); background: #fff; }
fieldset.q { border: 1px solid var(--line); border-radius: 10px; margin: 18px 0; padding: 12px 12px 14px; min-width: 0; }
legend { float: left; width: 100%; padding: 0; margin: 0 0 6px; font-weight: 650; }
legend + * { clear: both; }
legend .qn { display: block; font-size: 13px; font-weight: 600; color: var(--muted); }
legend .prompt { display: block; font-size: 18px; }
.opts { display: grid; gap: 8px; }
label.opt { display: flex; gap: 10px; align-items: flex-start; border: 1.5px solid var(--line); border-radius: 8px; padding: 10px 12px; cursor: pointer; background: #fff; min-height: 48px; }
label.opt.extra { background: var(--soft); }
label.opt input { margin: 4px 0 0; width: 20px; height: 20px; flex: none; accent-color: var(--accent); }
label.opt:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); }
.detail { display: block; font-size: 14px; color: var(--muted); }
input:focus-visible, button:focus-visible, a:focus-visible, .errors:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
label.opt:has(input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 22px 0; }
button, a.button { font: inherit; font-weight: 700; color: #fff; background: var(--accent); border: 0; border-radius: 8px; padding: 12px 22px; min-height: 48px; cursor: pointer; text-decoration: none; display: inline-block; }
a.back { padding: 12px 4px; }
.errors { border: 2px solid var(--warn); background: var(--warn-soft); border-radius: 10px; padding: 12px 14px; margin: 14px 0; }
.errors ul { margin: 0; padding-left: 20px; }
.errors a, .error { color: var(--warn); }
.error { font-weight: 650; margin: 4px 0 8px; }
.result { border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 0 10px 10px 0; padding: 12px 14px; margin: 16px 0; background: var(--soft); }
.result .level { font-size: 22px; font-weight: 800; margin: 4px 0; }
footer { margin-top: 28px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 15px; }
.resume a { word-break: break-all; }
@media (min-width: 640px) { body { padding: 28px 28px 40px; } h1 { font-size: 28px; } }
`

//go:embed pages.html.tmpl
var pageSource embed.FS

// pageAssets are the parsed page templates and the content security
// policy that allows their stylesheet by its hash.
type pageAssets struct {
	pages *template.Template
	csp   string
}

// assets builds the pages' assets on first use, not when the program
// starts: every other command would pay for them.
var assets = sync.OnceValue(func() pageAssets {
	// The stylesheet has a width class for each step of the progress bar
	// (no style attributes: the policy allows only this sheet).
	var b strings.Builder
	for p := 0; p <= 100; p += 5 {
		fmt.Fprintf(&b, ".w%d { width: %d%%; }\n", p, p)
	}
	css := strings.Replace(styles, "{{widths}}\n", b.String(), 1)
	sum := sha256.Sum256([]byte(css))
	pages := template.Must(template.New("").Funcs(template.FuncMap{
		// css is trusted: it is the constant above, not text from anyone.
		"css": func() template.CSS { return template.CSS(css) },
		"percent": func(step, steps int) int {
			if steps <= 0 {
				return 0
			}
			return min(100, step*100/steps/5*5)
		},
	}).ParseFS(pageSource, "pages.html.tmpl"))
	return pageAssets{
		pages: pages,
		csp: "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
			"'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	}
})

// frame is what every participant page has.
type frame struct {
	Title, Heading, Progress string
	Step, Steps              int
	// Resume is the participant's resume link as shown, ResumePath its
	// path for the href.
	Resume, ResumePath string
	Action, CSRF       string
	Back, Submit       string
	ErrorTitle         string
	Errors             []pageError
}

type pageError struct{ Href, Text string }

type choiceView struct {
	Value, Label, Detail string
	Checked, Extra       bool
}

type aboutPage struct {
	frame
	Intro       string
	Name        string
	RoleMissing bool
	Roles       []choiceView
	// MaxLength is the name's limit in characters, as the server checks it.
	MaxLength int
}

type questionView struct {
	ID, Anchor, Prompt, Help string
	Number                   int
	Missing                  bool
	Options                  []choiceView
}

type dimensionPage struct {
	frame
	Dimension, Summary string
	Total              int
	Questions          []questionView
}

type noteView struct {
	Anchor, Field, Prompt, Answer, Value string
	// MaxLength is the note's limit in characters, as the server checks it.
	MaxLength int
}

type evidencePage struct {
	frame
	Dimension string
	Notes     []noteView
}

type finishPage struct {
	frame
	Total int
	Open  bool
}

type thanksPage struct {
	frame
	Name                      string
	Level                     int
	LevelName, Meaning, Index string
	Report                    string
}

type messagePage struct {
	Title, Heading, Message string
	Link, LinkText          string
}
