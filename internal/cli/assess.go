package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

type assessOptions struct {
	respondent    string
	role          string
	org           string
	questionnaire string
	accessible    bool
	fresh         bool
	notes         bool
	save          string
	force         bool
	output        outputFlags
	// q is the questionnaire, once loaded.
	q *questionnaire.Questionnaire
	// asked, when set, is called once the answers are in: Ctrl-C then has
	// its usual meaning again while the result is written.
	asked func()
}

// asker puts the questionnaire to a person. survey.Form (a full-screen form)
// and survey.Lines (line by line) are the real ones; tests use a stub.
type asker interface {
	// Welcome shows the first screen and, when the session's draft has
	// answers, reports whether the person wants to continue it.
	Welcome(ctx context.Context, s *survey.Session) (resume bool, err error)
	// Ask asks what the draft lacks, calling s.Save after every page.
	Ask(ctx context.Context, s *survey.Session) error
}

const assessLong = `Ask the questionnaire's questions, score the answers and print the report:
the level and why, the dimension scores, AI readiness, the gaps, the
unknowns to check and a 90-day plan. It takes about five minutes. Running
convergence with no command on a terminal does the same.

On a terminal the questions come as a form, one page per area: pick an
option with the arrow keys and Enter; Shift+Tab goes back a page to change
an answer. Pick the highest option that is fully true today. "Not sure" is
always there: it scores as Level 1 and is listed as an unknown to check,
and the report says what the level would be once it is confirmed. When a
question that caps the level (such as the shared customer ID) is answered
at the level it needs, a one-line evidence note is asked; Enter skips it.

Nothing is lost. Every answer is saved as soon as it is given, as a draft
in the state directory ($XDG_STATE_HOME/convergence, by default
~/.local/state/convergence). After Ctrl-C, a closed terminal or a crash,
the next "convergence assess" offers to continue where it stopped; --fresh
starts again. A draft started with another version of the questionnaire
is set aside (renamed, never applied). Only one assessment at a time uses
a draft: a second one started meanwhile stops at once.

Every finished result is saved in the history directory
($XDG_DATA_HOME/convergence/results, by default
~/.local/share/convergence/results) under its time and questionnaire, and
also to --save FILE when given. Nothing leaves this machine.

Accessible mode (--accessible, ACCESSIBLE=1, or whenever standard input
is not a terminal) asks line by line, with no redrawing and no colour, for
screen readers and scripts. Answer each question with the number of an
option: 1 to 5 for the five options in order, 6 for "Not sure", 7 for "Not
applicable" where it is offered. A line that is not an option's number is
asked again; "b" goes back to the previous question. With --respondent and
--role given, the questions are the only prompts, so piping in one line per
question completes an assessment. Evidence notes are asked in this mode
only with --notes.

Prompts go to standard error and the report to standard output, so
"--format json > result.json" works on a terminal too.

Exit status: 0 on success; 1 when the result cannot be saved (the report
is still printed and the draft kept), or when another assessment is using
the draft (nothing is changed); 2 for a bad flag, or when the input ends
before the last question (the draft is kept); 130 when stopped with Ctrl-C
or a signal (the draft is kept).`

const assessExample = `  # The five-minute assessment in this terminal
  convergence assess

  # Skip the questions about you and keep a copy of the result
  convergence assess --respondent "Ana Ruiz" --role marketing --org Acme \
    --save ana.json

  # The report as JSON on standard output; the form still shows in the terminal
  convergence assess --format json > result.json

  # Line by line, for a screen reader
  convergence assess --accessible

  # Scripted: one line per question, here all 19 at the third option
  printf '3\n%.0s' $(seq 19) |
    convergence assess --respondent Ana --role marketing --format json

  # Discard an unfinished assessment and start again
  convergence assess --fresh`

func newCmdAssess(f *factory) *cobra.Command {
	opts := &assessOptions{}
	cmd := &cobra.Command{
		Use:     "assess",
		Short:   "Answer the questions; get your level and 90-day plan (5 min)",
		Long:    assessLong,
		Example: assessExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return startAssess(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.respondent, "respondent", "", "your `NAME`, written into the result")
	fl.StringVar(&opts.role, "role", "", "your `ROLE`: "+strings.Join(result.Roles, ", "))
	fl.StringVar(&opts.org, "org", "", "your organisation's `NAME`")
	fl.StringVarP(&opts.questionnaire, "questionnaire", "q", "", "questionnaire `ID|PATH` (default: convergence-core)")
	fl.BoolVar(&opts.accessible, "accessible", false, "ask line by line, for screen readers and scripts (also ACCESSIBLE=1)")
	fl.BoolVar(&opts.fresh, "fresh", false, "start again, ignoring an unfinished assessment")
	fl.BoolVar(&opts.notes, "notes", false, "in accessible mode, ask for evidence notes too")
	fl.StringVar(&opts.save, "save", "", "also save the result JSON to `FILE`")
	fl.BoolVar(&opts.force, "force", false, "let --save replace an existing file")
	opts.output.register(cmd)
	_ = cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions(result.Roles, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// startAssess checks the flags, picks the way to ask and runs the
// assessment with the signals that stop it turned into a cancelled context.
func startAssess(ctx context.Context, f *factory, opts *assessOptions) error {
	if opts.role != "" {
		role, ok := result.NormalizeRole(opts.role)
		if !ok {
			return usageErrorf("--role %q is not a role; use one of %s", opts.role, strings.Join(result.Roles, ", "))
		}
		opts.role = role
	}
	for _, fl := range []struct{ name, value string }{{"--respondent", opts.respondent}, {"--org", opts.org}} {
		if err := checkLength(fl.name, fl.value); err != nil {
			return err
		}
	}
	if err := checkSave(opts.save, opts.force); err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.save); err != nil {
		return err
	}
	// Loaded before Ctrl-C is taken over for the assessment: reading a
	// questionnaire from a named pipe may wait, and Ctrl-C must end that.
	q, err := loadQuestionnaire(f, opts.questionnaire)
	if err != nil {
		return err
	}
	opts.q = q
	ctx, stop, fac := startAsking(ctx, f, &opts.accessible)
	defer stop()
	opts.asked = stop
	return runAssess(ctx, f, opts, fac)
}

// startAsking picks the way to ask (line by line when asked for or when
// there is no terminal to draw a form on), starts the form's one-off work
// early, and turns the signals that stop an assessment into a cancelled
// context.
func startAsking(ctx context.Context, f *factory, accessible *bool) (context.Context, context.CancelFunc, facilitator) {
	if !*accessible {
		*accessible = accessibleWanted(f.io)
	}
	if !*accessible {
		survey.WarmUp()
	}
	ctx, stop := f.signals(ctx)
	return ctx, stop, newFacilitator(f, *accessible)
}

// accessibleWanted reports whether the line-by-line mode is needed without
// being asked for: ACCESSIBLE is set, there is no terminal to draw a form
// on, or the terminal cannot draw one.
func accessibleWanted(ios *IOStreams) bool {
	switch strings.ToLower(strings.TrimSpace(ios.Getenv("ACCESSIBLE"))) {
	case "", "0", "false", "no":
	default:
		return true
	}
	return !ios.IsStdinTTY() || !ios.IsStderrTTY() || ios.Getenv("TERM") == "dumb"
}

// runAssess is the assessment: resume or start a draft, ask, score, save
// the result, print the report, and only then remove the draft.
func runAssess(ctx context.Context, f *factory, opts *assessOptions, ask asker) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	q := opts.q
	if q == nil {
		if q, err = loadQuestionnaire(f, opts.questionnaire); err != nil {
			return err
		}
	}
	dirs, err := store.UserDirs(f.io.Getenv)
	if err != nil {
		return err
	}
	drafts := &draftFile{path: store.DraftFile(dirs.Drafts(), q.ID), now: f.now}
	unlock, err := lockDraft(f, drafts)
	if err != nil {
		return err
	}
	defer unlock()
	s := &survey.Session{
		Questionnaire: q,
		Draft:         drafts.load(f.io.ErrOut, q),
		Notes:         opts.notes || !opts.accessible,
		Now:           f.now,
	}
	if s.Draft != nil && opts.fresh {
		fmt.Fprintf(f.io.ErrOut, "Starting again: the unfinished assessment (%s) will be replaced.\n", s.Draft.Summary(q, f.now()))
		s.Draft = nil
	}
	s.Save = func() { drafts.save(s.Draft) }

	resume, err := ask.Welcome(ctx, s)
	if err != nil {
		return stopped(ctx, err, s, drafts, opts)
	}
	if !resume {
		s.Draft = survey.NewDraft(q, f.now())
	}
	// Details given as flags win over those in a resumed draft; the page
	// asking for them is shown only at the start of an assessment.
	r := &s.Draft.Respondent
	if opts.respondent != "" {
		r.Name = opts.respondent
	}
	if opts.role != "" {
		r.Role = opts.role
	}
	if opts.org != "" {
		r.Org = opts.org
	}
	askAboutYou := !resume && (opts.respondent == "" || opts.role == "")
	s.AskName = askAboutYou && opts.respondent == ""
	s.AskRole = askAboutYou && opts.role == ""
	s.AskOrg = askAboutYou && opts.org == ""

	if err := ask.Ask(ctx, s); err != nil {
		return stopped(ctx, err, s, drafts, opts)
	}
	if drafts.err != nil {
		fmt.Fprintf(f.io.ErrOut, "Warning: %s.\n", strings.TrimSuffix(drafts.err.Error(), "."))
	}
	if opts.asked != nil {
		// Writing the report may wait (on a pipe nobody reads): Ctrl-C
		// must end that. The answers are all in the draft already.
		opts.asked()
	}
	return finishAssess(f, opts, format, q, s.Draft, dirs, drafts)
}

// finishAssess scores a complete draft, saves the result in the history and
// to --save, prints the report, and removes the draft once the result is
// safely in the history. A failure to save is reported after the report.
func finishAssess(f *factory, opts *assessOptions, format report.Format, q *questionnaire.Questionnaire, d *survey.Draft, dirs store.Dirs, drafts *draftFile) error {
	r, err := scoring.Score(q, d.ToAnswers(q), scoring.Options{Tool: f.tool(), Now: f.now()})
	if err != nil {
		return err
	}
	doc, err := result.Marshal(r)
	if err != nil {
		return err
	}
	saved, histErr := store.SaveResult(dirs.Results(), store.ResultName(r.AssessedAt, q.ID), doc)
	var saveErr error
	if opts.save != "" {
		saveErr = saveResultFile(opts.save, doc, opts.force)
	}
	outErr := opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, r, format, opts.output.reportOptions(f))
	})

	var errs []string
	switch {
	case histErr != nil && drafts.err != nil:
		// Nothing is kept: say so, rather than promise a draft.
		errs = append(errs, fmt.Sprintf("the result was not saved in the history: %v; nor could your answers be kept as a draft, so the report above is all there is (next time, --save FILE keeps the result)",
			strings.TrimSuffix(histErr.Error(), ".")))
	case histErr != nil:
		errs = append(errs, fmt.Sprintf("the result was not saved in the history: %v; your answers are kept, so run %s again to save it",
			strings.TrimSuffix(histErr.Error(), "."), resumeCommand(opts)))
	default:
		if err := store.RemoveDraft(drafts.path); err != nil {
			fmt.Fprintf(f.io.ErrOut, "Warning: %s.\n", err)
		}
		fmt.Fprintf(f.io.ErrOut, "Saved in %s\n", saved)
	}
	if saveErr != nil {
		errs = append(errs, strings.TrimSuffix(saveErr.Error(), "."))
	} else if opts.save != "" {
		fmt.Fprintf(f.io.ErrOut, "Saved in %s\n", opts.save)
	}
	if outErr != nil {
		errs = append(errs, strings.TrimSuffix(outErr.Error(), "."))
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, ". "))
	}
	return nil
}

// stopped turns the end of an unfinished assessment into the error that
// says what was kept and how to go on. A cancelled context wins over the
// error it caused: after a hang-up, reading the terminal fails too.
func stopped(ctx context.Context, err error, s *survey.Session, drafts *draftFile, opts *assessOptions) error {
	kept := "Nothing was answered yet"
	switch {
	case s.Draft == nil || s.Draft.Answered() == 0:
	case drafts.err != nil:
		kept = fmt.Sprintf("Your answers could not be kept: %v", drafts.err)
	case s.Draft.Answered() == 1:
		kept = fmt.Sprintf("Your answer is kept: run %s to continue", resumeCommand(opts))
	default:
		kept = fmt.Sprintf("Your %d answers are kept: run %s to continue", s.Draft.Answered(), resumeCommand(opts))
	}
	return stopError(ctx, err, kept)
}

// stopError turns the reason asking stopped into the error to return,
// followed by what was kept: input that ended early or a line too long is
// bad input (exit 2), a cancel or a signal is exit 130.
func stopError(ctx context.Context, err error, kept string) error {
	var eoi *survey.EndOfInputError
	switch {
	case errors.As(err, &eoi), errors.Is(err, survey.ErrLineTooLong):
		return &inputError{err: fmt.Errorf("%v. %s", err, sentence(kept))}
	case ctx.Err() != nil, errors.Is(err, survey.ErrInterrupted), errors.Is(err, context.Canceled):
		return &cancelError{msg: "Stopped. " + sentence(kept)}
	}
	return fmt.Errorf("%w. %s", err, sentence(kept))
}

// resumeCommand is the command that continues this assessment.
func resumeCommand(opts *assessOptions) string {
	if opts.questionnaire != "" {
		return "'convergence assess --questionnaire " + opts.questionnaire + "'"
	}
	return "'convergence assess'"
}

// lockDraft makes sure no other assessment uses the same draft: two
// people answering at once would replace each other's answers. Another
// assessment running is an error; a draft directory that cannot be
// written is said at once, not at Ctrl-C, and the assessment goes on
// without a draft.
func lockDraft(f *factory, drafts *draftFile) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(drafts.path), 0o700); err != nil {
		drafts.err = fmt.Errorf("cannot keep a draft in %s: %w", diag.Clean(filepath.Dir(drafts.path)), unwrapPathError(err))
		fmt.Fprintf(f.io.ErrOut, "Warning: %s; your answers are not kept if you stop.\n", drafts.err)
		return func() {}, nil
	}
	unlock, err := store.LockDraft(drafts.path)
	switch {
	case errors.Is(err, store.ErrLocked):
		return nil, fmt.Errorf("%s", diag.Clean(err.Error()))
	case err != nil:
		drafts.err = fmt.Errorf("cannot keep a draft: %w", err)
		fmt.Fprintf(f.io.ErrOut, "Warning: %s; your answers are not kept if you stop.\n", diag.Clean(drafts.err.Error()))
		return func() {}, nil
	}
	return func() { _ = unlock() }, nil
}

// checkLength refuses a name or organisation longer than results keep.
func checkLength(flag, value string) error {
	if n := utf8.RuneCountInString(value); n > result.MaxNameLength {
		return usageErrorf("%s is %d characters long; the most is %d", flag, n, result.MaxNameLength)
	}
	return nil
}

// unwrapPathError drops the *fs.PathError wrapper so a message names the
// path once.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// draftFile keeps the draft of one questionnaire in the state directory.
type draftFile struct {
	path string
	now  func() time.Time
	// err is the first failure to save; saving goes on, since a later
	// attempt may work, and the person is told once the form is closed.
	err error
}

// load reads the draft. A draft that cannot be used is set aside, with a
// message saying why and where it went: it is never applied, and never
// silently lost.
func (df *draftFile) load(w io.Writer, q *questionnaire.Questionnaire) *survey.Draft {
	data, err := store.ReadDraft(df.path)
	if err == nil && data == nil {
		return nil
	}
	if err == nil {
		var d *survey.Draft
		if d, err = survey.ParseDraft(data, q); err == nil {
			return d
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		fmt.Fprintf(w, "Warning: %v; starting a new assessment.\n", err)
		return nil
	}
	if errors.Is(err, diag.ErrNotRegular) {
		// A named pipe or a directory is not a draft this program wrote:
		// it is left where it is, and no draft is kept while it is there.
		what := "is not a file"
		if info, serr := os.Stat(df.path); serr == nil {
			what = diag.NotAFile(info.Mode()).Error()
		}
		df.err = fmt.Errorf("the draft %s %s", df.path, what)
		fmt.Fprintf(w, "Warning: %v; remove it, or your answers are not kept if you stop. Starting a new assessment.\n", df.err)
		return nil
	}
	reason := "damaged"
	if errors.Is(err, survey.ErrStale) {
		reason = "stale"
	}
	aside, aerr := store.SetAside(df.path, reason, df.now())
	if aerr != nil {
		fmt.Fprintf(w, "Warning: the unfinished assessment in %s cannot be continued (%v), and %v; starting a new assessment.\n", df.path, err, aerr)
		return nil
	}
	fmt.Fprintf(w, "The unfinished assessment cannot be continued (%v); it is set aside as %s. Starting a new assessment.\n", err, aside)
	return nil
}

func (df *draftFile) save(d *survey.Draft) {
	d.UpdatedAt = df.now().UTC().Truncate(time.Second)
	data, err := d.Marshal()
	if err == nil {
		err = store.WriteDraft(df.path, data)
	}
	if err != nil && df.err == nil {
		df.err = err
	}
}
