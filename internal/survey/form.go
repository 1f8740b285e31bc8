package survey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/mattn/go-runewidth"
	"golang.org/x/term"

	"github.com/convergence-model/convergence/internal/questionnaire"
)

// Form asks on a terminal with huh: a welcome screen, then one page per
// dimension, each question a select of its options. Shift+Tab goes back a
// page; the draft is saved whenever a page is left.
type Form struct {
	// In is the keyboard: the terminal's own *os.File, so that bubbletea
	// can switch it to raw mode.
	In io.Reader
	// Out is where the form is drawn: the terminal on standard error, so
	// that the report on standard output can be redirected.
	Out io.Writer
	// Environ is the environment, for the colour profile (NO_COLOR).
	Environ []string
	// ProgramOptions are added last to every program the form runs; tests
	// use them to fix the window size.
	ProgramOptions []tea.ProgramOption
}

// theme is huh's Charm theme, built once for each kind of background. huh
// asks for the theme whenever it draws a field, and building it anew each
// time was most of the cost of drawing the first screen.
var theme huh.Theme = huh.ThemeFunc(func(isDark bool) *huh.Styles {
	i := 0
	if isDark {
		i = 1
	}
	themeOnce[i].Do(func() { themeStyles[i] = huh.ThemeCharm(isDark) })
	return themeStyles[i]
})

var (
	themeOnce   [2]sync.Once
	themeStyles [2]*huh.Styles
)

// WarmUp starts, on another goroutine, one-off work that drawing the first
// screen would otherwise wait for, so that it overlaps with loading the
// questionnaire. The big item is the character-width table that the
// renderer's width lookups build on first use of any rune beyond Latin
// (the form's border "┃"): about 9 ms, longer than the rest of the first
// frame. Calling it is optional and safe at any time.
func WarmUp() {
	go func() {
		runewidth.RuneWidth('┃')
		theme.Theme(false)
	}()
}

// Resume choices on the welcome screen.
const (
	choiceResume = "resume"
	choiceFresh  = "fresh"
)

// Welcome shows the first screen: the title, how long it takes, how many
// questions in which areas, that answers stay on this machine, and the
// instruction for answering. With a draft that has answers, it asks
// whether to continue it.
func (f *Form) Welcome(ctx context.Context, s *Session) (bool, error) {
	q := s.Questionnaire
	body := welcomeText(q)
	if q.Intro != "" {
		body += "\n\n" + q.Intro
	}
	intro := huh.NewNote().Title(q.Title).Description(escapeNote(body))
	fields := []huh.Field{intro}
	resume := s.Draft != nil && s.Draft.Answered() > 0
	choice := choiceResume
	if resume {
		fields = append(fields, huh.NewSelect[string]().
			Title("You have an unfinished assessment: "+s.Draft.Summary(q, s.Now())+".").
			Options(
				huh.NewOption("Continue where I left off", choiceResume),
				huh.NewOption("Start again (the unfinished answers are replaced)", choiceFresh),
			).
			Value(&choice))
	} else {
		intro.Next(true).NextLabel("Start")
	}
	form := huh.NewForm(huh.NewGroup(fields...)).WithTheme(theme)
	if err := f.run(ctx, newModel(form, nil, 0, nil)); err != nil {
		return false, err
	}
	return resume && choice == choiceResume, nil
}

// page is one screen of the form.
type page struct {
	group  *huh.Group
	fields []huh.Field
	// questions are the questions the page answers; a note page has the
	// gate question it collects evidence for.
	questions []*questionnaire.Question
	// note is set on an evidence page.
	note bool
	// respondent is set on the page asking who is answering.
	respondent bool
}

// Ask runs the form over every page, opening on the first page with an
// unanswered question. Pages already answered can be reached with
// Shift+Tab and changed.
func (f *Form) Ask(ctx context.Context, s *Session) error {
	q, d := s.Questionnaire, s.Draft
	codes := map[string]*string{}
	notes := map[string]*string{}
	var pages []page

	respondent := d.Respondent
	if s.AskName || s.AskRole || s.AskOrg {
		var fields []huh.Field
		if s.AskName {
			fields = append(fields, huh.NewInput().Title("Your name").Description("Optional: it is written into the result.").CharLimit(100).Value(&respondent.Name))
		}
		if s.AskRole {
			// Skipping comes first, where the cursor starts, so that Enter
			// alone never claims a role.
			opts := []huh.Option[string]{huh.NewOption("Prefer not to say", "")}
			for i, name := range roleOptions() {
				opts = append(opts, huh.NewOption(name, questionnaire.Roles[i]))
			}
			fields = append(fields, huh.NewSelect[string]().Title("Your role").Options(opts...).Value(&respondent.Role))
		}
		if s.AskOrg {
			fields = append(fields, huh.NewInput().Title("Your organisation").Description("Optional.").CharLimit(100).Value(&respondent.Org))
		}
		pages = append(pages, page{group: huh.NewGroup(fields...).Title("About you"), fields: fields, respondent: true})
	}

	for i, dim := range q.Dimensions {
		var fields []huh.Field
		var qs []*questionnaire.Question
		var gates []*questionnaire.Question
		for j := range dim.Questions {
			qu := &dim.Questions[j]
			code := new(string)
			if a, ok := d.Answers[qu.ID]; ok {
				*code = encode(a)
			}
			codes[qu.ID] = code
			fields = append(fields, selectFor(qu, code))
			qs = append(qs, qu)
			if noteThreshold(q, qu) > 0 {
				gates = append(gates, qu)
			}
		}
		pages = append(pages, page{group: huh.NewGroup(fields...).Title(pageTitle(q, i)).Description(dim.Summary), fields: fields, questions: qs})
		for _, qu := range gates {
			note := new(string)
			*note = d.Answers[qu.ID].Note
			notes[qu.ID] = note
			code := codes[qu.ID]
			input := huh.NewInput().Title(qu.Prompt).Description(noteHelp).CharLimit(200).Value(note)
			group := huh.NewGroup(input).
				Title(pageTitle(q, i) + " · evidence").
				WithHideFunc(func() bool { return !wantsNote(q, qu, decode(*code)) })
			pages = append(pages, page{group: group, fields: []huh.Field{input}, questions: []*questionnaire.Question{qu}, note: true})
		}
	}
	last := huh.NewNote().
		Title(fmt.Sprintf("That was the last of the %d questions", len(q.Questions()))).
		Description("Press Enter to see your level and your 90-day plan.\nShift+Tab goes back to change an answer.").
		Next(true).NextLabel("See my result")
	pages = append(pages, page{group: huh.NewGroup(last), fields: []huh.Field{last}})

	groups := make([]*huh.Group, len(pages))
	for i, p := range pages {
		groups[i] = p.group
	}
	form := huh.NewForm(groups...).WithTheme(theme).WithShowHelp(true)

	start := len(pages) - 1
	for i, p := range pages {
		if p.respondent {
			start = i
			break
		}
		if pageOpen(p, d) {
			start = i
			break
		}
	}

	done := make([]bool, len(pages))
	collect := func() {
		for i, p := range pages {
			if !done[i] {
				continue
			}
			if p.respondent {
				d.Respondent = respondent
			}
			for _, qu := range p.questions {
				if p.note {
					continue
				}
				a := decode(*codes[qu.ID])
				if note, ok := notes[qu.ID]; ok && wantsNote(q, qu, a) {
					a.Note = strings.TrimSpace(*note)
				}
				d.Answers[qu.ID] = a
			}
		}
	}
	onPage := func(from, to int) {
		if to <= from {
			return
		}
		for i := from; i < to; i++ {
			done[i] = true
		}
		collect()
		s.Save()
	}
	pageOf := map[huh.Field]int{}
	for i, p := range pages {
		for _, fl := range p.fields {
			pageOf[fl] = i
		}
	}
	m := newModel(form, pageOf, start, onPage)
	err := f.run(ctx, m)
	if err != nil {
		return err
	}
	for i := range done {
		done[i] = true
	}
	collect()
	s.Save()
	return nil
}

// pageOpen reports whether a page still has something to answer.
func pageOpen(p page, d *Draft) bool {
	if p.note {
		return false
	}
	for _, qu := range p.questions {
		if _, ok := d.Answers[qu.ID]; !ok {
			return true
		}
	}
	return false
}

// selectFor builds a question's select: its five options, "Not sure" and,
// where allowed, "Not applicable", with the help text as its description.
// Options are built eagerly: OptionsFunc can panic in huh.
func selectFor(qu *questionnaire.Question, code *string) *huh.Select[string] {
	var opts []huh.Option[string]
	for _, c := range choices(qu) {
		opts = append(opts, huh.NewOption(c.Label, encode(c.Answer)))
	}
	return huh.NewSelect[string]().
		Title(qu.Prompt).
		Description(qu.Help).
		Options(opts...).
		Value(code)
}

// encode and decode map an answer to the value of its select option.
func encode(a Answer) string {
	switch a.Status {
	case questionnaire.Unsure:
		return string(questionnaire.Unsure)
	case questionnaire.NA:
		return string(questionnaire.NA)
	}
	return strconv.Itoa(a.Level)
}

func decode(code string) Answer {
	switch code {
	case string(questionnaire.Unsure):
		return Answer{Status: questionnaire.Unsure}
	case string(questionnaire.NA):
		return Answer{Status: questionnaire.NA}
	}
	level, _ := strconv.Atoi(code)
	return Answer{Status: questionnaire.Answered, Level: level}
}

// escapeNote keeps huh's note from reading questionnaire text as markup:
// it turns _x_ and *x* into italics and bold.
func escapeNote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `_`, `\_`, `*`, `\*`, "`", "\\`").Replace(s)
}

// errFormFailed wraps a failure of the terminal program itself.
var errFormFailed = errors.New("the form failed")

// run runs a form model as a bubbletea program on the terminal and turns
// the ways it can end into this package's errors.
func (f *Form) run(ctx context.Context, m *model) error {
	opts := []tea.ProgramOption{
		tea.WithInput(f.In),
		tea.WithOutput(f.Out),
		// Signals are the caller's: it cancels ctx, and the draft is kept.
		tea.WithoutSignalHandler(),
		// Frames are written on a ticker; at the highest rate the first
		// screen waits at most 8 ms for it instead of 16.
		tea.WithFPS(120),
		// The colour profile comes from the environment alone (TERM,
		// COLORTERM, NO_COLOR). bubbletea's own detection also reads the
		// terminfo database and, inside tmux, runs "tmux info": time the
		// first screen should not wait for.
		tea.WithColorProfile(colorprofile.Env(f.environ())),
	}
	if f.Environ != nil {
		opts = append(opts, tea.WithEnvironment(f.Environ))
	}
	opts = append(opts, f.ProgramOptions...)
	if w, h, ok := f.size(); ok {
		m.size = &tea.WindowSizeMsg{Width: w, Height: h}
	}
	p := tea.NewProgram(m, opts...)
	// A cancelled context stops the program the way Ctrl-C does, so the
	// page is wiped and the terminal restored before the caller says what
	// was kept. Should the program not respond, it is killed, which
	// restores the terminal too.
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			p.Send(stopMsg{})
			select {
			case <-finished:
			case <-time.After(time.Second):
				p.Kill()
			}
		case <-finished:
		}
	}()
	_, err := p.Run()
	switch {
	case ctx.Err() != nil, m.stopped, m.form.State == huh.StateAborted, errors.Is(err, tea.ErrInterrupted):
		return ErrInterrupted
	case err != nil:
		return fmt.Errorf("%w: %v", errFormFailed, err)
	case m.form.State != huh.StateCompleted:
		return ErrInterrupted
	}
	return nil
}

// size returns the size of the terminal the form is drawn on, when Out is
// one.
func (f *Form) size() (width, height int, ok bool) {
	out, isFile := f.Out.(interface{ Fd() uintptr })
	if !isFile {
		return 0, 0, false
	}
	width, height, err := term.GetSize(int(out.Fd()))
	return width, height, err == nil && width > 0 && height > 0
}

// environ is the environment the form was given, or the process's own.
func (f *Form) environ() []string {
	if f.Environ != nil {
		return f.Environ
	}
	return os.Environ()
}
