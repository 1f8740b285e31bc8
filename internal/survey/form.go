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

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
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
		body += "\n\n" + diag.Clean(q.Intro)
	}
	intro := huh.NewNote().Title(diag.Clean(q.Title)).Description(escapeNote(body))
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

// Ask runs the form over every page, opening on the first question without
// an answer. Pages already answered can be reached with Shift+Tab and
// changed. Every answer is written into the draft and saved as soon as it
// is given, so stopping in the middle of a page keeps the answers given on
// it.
func (f *Form) Ask(ctx context.Context, s *Session) error {
	a := newAskForm(s)
	groups := make([]*huh.Group, len(a.pages))
	pageOf := map[huh.Field]int{}
	order := map[huh.Field]int{}
	for i, p := range a.pages {
		groups[i] = p.group
		for _, fl := range p.fields {
			pageOf[fl] = i
			order[fl] = len(order)
		}
	}
	form := huh.NewForm(groups...).WithTheme(theme).WithShowHelp(true)
	onPage := func(from, to int) {
		// Only a page left forwards is finished: going back leaves the page
		// as it was, maybe half answered.
		if to > from {
			a.finish(from, to)
			s.Save()
		}
	}
	m := newModel(form, pageOf, a.start(), onPage)
	m.order = order
	m.startField = a.startField(m.start)
	m.onAnswer = func(fl huh.Field) {
		if a.answer(fl) {
			s.Save()
		}
	}
	if err := f.run(ctx, m); err != nil {
		return err
	}
	a.finish(0, len(a.pages))
	s.Save()
	return nil
}

// askForm is the state of one run of the question form: its pages and the
// values its fields edit, which become the draft's answers page by page.
type askForm struct {
	q     *questionnaire.Questionnaire
	d     *Draft
	pages []page
	// codes are the select values by question id (see encode), notes the
	// evidence notes of gate questions.
	codes, notes map[string]*string
	// questionOf is the question each select answers.
	questionOf map[huh.Field]*questionnaire.Question
	respondent questionnaire.Respondent
	done       []bool
}

// newAskForm builds the pages: who is answering (when asked), one page per
// dimension, after it an evidence page for each of its gate questions
// (shown only when the answer meets the gate), and a last page to confirm.
// Fields start at the draft's answers.
func newAskForm(s *Session) *askForm {
	q, d := s.Questionnaire, s.Draft
	a := &askForm{q: q, d: d, codes: map[string]*string{}, notes: map[string]*string{},
		questionOf: map[huh.Field]*questionnaire.Question{}, respondent: d.Respondent}
	if s.AskName || s.AskRole || s.AskOrg {
		a.pages = append(a.pages, a.respondentPage(s))
	}
	for i := range q.Dimensions {
		a.addDimension(i, s.Notes)
	}
	last := huh.NewNote().
		Title(fmt.Sprintf("That was the last of the %d questions", len(q.Questions()))).
		Description("Press Enter to see your level and your 90-day plan.\nShift+Tab goes back to change an answer.").
		Next(true).NextLabel("See my result")
	a.pages = append(a.pages, page{group: huh.NewGroup(last), fields: []huh.Field{last}})
	a.done = make([]bool, len(a.pages))
	return a
}

func (a *askForm) respondentPage(s *Session) page {
	var fields []huh.Field
	if s.AskName {
		fields = append(fields, huh.NewInput().Title("Your name").Description("Optional: it is written into the result.").CharLimit(result.MaxNameLength).Value(&a.respondent.Name))
	}
	if s.AskRole {
		// Skipping comes first, where the cursor starts, so that Enter
		// alone never claims a role.
		opts := []huh.Option[string]{huh.NewOption("Prefer not to say", "")}
		for i, name := range roleOptions() {
			opts = append(opts, huh.NewOption(name, result.Roles[i]))
		}
		fields = append(fields, huh.NewSelect[string]().Title("Your role").Options(opts...).Value(&a.respondent.Role))
	}
	if s.AskOrg {
		fields = append(fields, huh.NewInput().Title("Your organisation").Description("Optional.").CharLimit(result.MaxNameLength).Value(&a.respondent.Org))
	}
	return page{group: huh.NewGroup(fields...).Title("About you"), fields: fields, respondent: true}
}

// addDimension adds dimension i's page and, with notes, its evidence pages.
func (a *askForm) addDimension(i int, notes bool) {
	dim := &a.q.Dimensions[i]
	var fields []huh.Field
	var qs, gates []*questionnaire.Question
	for j := range dim.Questions {
		qu := &dim.Questions[j]
		code := new(string)
		if ans, ok := a.d.Answers[qu.ID]; ok {
			*code = encode(ans)
		}
		a.codes[qu.ID] = code
		sel := selectFor(qu, code)
		a.questionOf[sel] = qu
		fields = append(fields, sel)
		qs = append(qs, qu)
		if notes && noteThreshold(a.q, qu) > 0 {
			gates = append(gates, qu)
		}
	}
	a.pages = append(a.pages, page{group: huh.NewGroup(fields...).Title(diag.Clean(pageTitle(a.q, i))).Description(diag.Clean(dim.Summary)), fields: fields, questions: qs})
	for _, qu := range gates {
		note := new(string)
		*note = a.d.Answers[qu.ID].Note
		a.notes[qu.ID] = note
		code := a.codes[qu.ID]
		// The page says which option the evidence is for: the one just
		// picked, which may have changed since the page was built.
		picked := func() string {
			ans := decode(*code)
			if ans.Status != result.Answered {
				return noteHelp
			}
			return fmt.Sprintf("You answered “%s”.\n%s", diag.Clean(qu.Option(ans.Level)), noteHelp)
		}
		input := huh.NewInput().Title(diag.Clean(qu.Prompt)).DescriptionFunc(picked, code).CharLimit(result.MaxNoteLength).Value(note)
		group := huh.NewGroup(input).
			Title(diag.Clean(pageTitle(a.q, i)) + " · evidence").
			WithHideFunc(func() bool { return !WantsNote(a.q, qu, decode(*code)) })
		a.pages = append(a.pages, page{group: group, fields: []huh.Field{input}, questions: []*questionnaire.Question{qu}, note: true})
	}
}

// start is the page to open on: who is answering when that is asked, else
// the first page with an unanswered question, else the last page.
func (a *askForm) start() int {
	for i, p := range a.pages {
		if p.respondent || pageOpen(p, a.d) {
			return i
		}
	}
	return len(a.pages) - 1
}

// startField is the field to open page i on: its first question without an
// answer, or nil for the page's first field.
func (a *askForm) startField(i int) huh.Field {
	p := a.pages[i]
	if p.note || p.respondent {
		return nil
	}
	for _, fl := range p.fields {
		if qu := a.questionOf[fl]; qu != nil {
			if _, ok := a.d.Answers[qu.ID]; !ok {
				return fl
			}
		}
	}
	return nil
}

// answer writes the answer just chosen in a select into the draft and
// reports whether that changed the draft: fields that answer no question (a
// name, a note) are kept when their page is finished.
func (a *askForm) answer(fl huh.Field) bool {
	qu := a.questionOf[fl]
	if qu == nil || *a.codes[qu.ID] == "" {
		return false
	}
	before, had := a.d.Answers[qu.ID]
	a.record(qu)
	return !had || a.d.Answers[qu.ID] != before
}

// record copies question qu's answer from its select into the draft. A gate
// question's note is kept only while its answer still meets the gate.
func (a *askForm) record(qu *questionnaire.Question) {
	ans := decode(*a.codes[qu.ID])
	if note, ok := a.notes[qu.ID]; ok && WantsNote(a.q, qu, ans) {
		ans.Note = strings.TrimSpace(*note)
	}
	a.d.Answers[qu.ID] = ans
}

// finish marks pages from up to (not including) to as finished and copies
// every finished page's values into the draft. A gate question's note is
// kept only while its answer still meets the gate.
func (a *askForm) finish(from, to int) {
	for i := from; i < to; i++ {
		a.done[i] = true
	}
	for i, p := range a.pages {
		if !a.done[i] {
			continue
		}
		if p.respondent {
			a.d.Respondent = a.respondent
		}
		if p.note {
			continue
		}
		for _, qu := range p.questions {
			a.record(qu)
		}
	}
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
		opts = append(opts, huh.NewOption(diag.Clean(c.Label), encode(c.Answer)))
	}
	return huh.NewSelect[string]().
		Title(diag.Clean(qu.Prompt)).
		Description(diag.Clean(qu.Help)).
		Options(opts...).
		Value(code)
}

// encode and decode map an answer to the value of its select option.
func encode(a Answer) string {
	switch a.Status {
	case result.Unsure:
		return string(result.Unsure)
	case result.NA:
		return string(result.NA)
	}
	return strconv.Itoa(a.Level)
}

func decode(code string) Answer {
	switch code {
	case string(result.Unsure):
		return Answer{Status: result.Unsure}
	case string(result.NA):
		return Answer{Status: result.NA}
	}
	level, _ := strconv.Atoi(code)
	return Answer{Status: result.Answered, Level: level}
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
