package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

type workshopOptions struct {
	dir           string
	org           string
	questionnaire string
	accessible    bool
	notes         bool
	anonymous     bool
	output        outputFlags
	// q is the questionnaire, once loaded.
	q *questionnaire.Questionnaire
	// asked, when set, is called once the round is over, as for assess.
	asked func()
}

// facilitator runs a workshop: the asker for each respondent, plus the
// facilitator's turn between them.
type facilitator interface {
	asker
	// NextRespondent asks who answers next, or learns the round is over.
	NextRespondent(ctx context.Context, r survey.Round) (survey.Next, error)
	// HandOver ends a respondent's turn; on a terminal it wipes the screen.
	HandOver(name string)
}

const workshopLong = `Run a workshop on one machine: respondents from marketing, sales, service,
product, IT and data answer one after another, and the facilitator gets the
group report at the end, with "Where your teams disagree" first.

Between respondents the facilitator enters the next person's name and role.
Each respondent sees the welcome screen and answers as in "convergence
assess"; then the screen (and its scrollback) is wiped before the next one,
so answers stay blind. Each result is saved into DIR the moment it is
finished, named after the respondent, so nothing is lost if the session
stops: run the same command again to continue the workshop, and an
interrupted respondent's answers are offered back. The facilitator ends the
round by choosing "Finish" (or, line by line, with an empty name).

The group report is the same as "convergence report DIR": --format,
-o and --anonymous work as there. Results stay on this machine.

Accessible mode (--accessible, ACCESSIBLE=1, or whenever standard input is
not a terminal) asks line by line; the facilitator's prompt is the next
respondent's name, an empty line (or the end of the input) finishes.`

const workshopExample = `  # A workshop in a directory; run it again to continue
  convergence workshop --dir acme-workshop --org Acme

  # The group report as HTML to hand over, names hidden
  convergence workshop --dir acme-workshop --anonymous \
    --format html -o acme.html

  # Later, the same report from the saved results
  convergence report acme-workshop --format markdown`

func newCmdWorkshop(f *factory) *cobra.Command {
	opts := &workshopOptions{}
	cmd := &cobra.Command{
		Use:     "workshop --dir DIR",
		Short:   "Several respondents on one machine, then the group report",
		Long:    workshopLong,
		Example: workshopExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.dir == "" {
				return usageErrorf("--dir is required: the directory that keeps the workshop's results")
			}
			if err := checkResultsDir(opts.dir, opts.org); err != nil {
				return err
			}
			if _, err := opts.output.parse(); err != nil {
				return err
			}
			if err := opts.output.checkDistinct(opts.dir); err != nil {
				return err
			}
			// Loaded before Ctrl-C is taken over, as for assess.
			q, err := loadQuestionnaire(f, opts.questionnaire)
			if err != nil {
				return err
			}
			opts.q = q
			ctx, stop, fac := startAsking(cmd.Context(), f, &opts.accessible)
			defer stop()
			opts.asked = stop
			return runWorkshop(ctx, f, opts, fac)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.dir, "dir", "", "`DIR` to keep the workshop's results in (created if missing)")
	fl.StringVar(&opts.org, "org", "", "the organisation's `NAME`, written into every result")
	fl.StringVarP(&opts.questionnaire, "questionnaire", "q", "", "questionnaire `ID|PATH` (default: convergence-core)")
	fl.BoolVar(&opts.accessible, "accessible", false, "ask line by line, for screen readers and scripts (also ACCESSIBLE=1)")
	fl.BoolVar(&opts.notes, "notes", false, "in accessible mode, ask for evidence notes too")
	fl.BoolVar(&opts.anonymous, "anonymous", false, "hide names in the group report (roles are kept)")
	opts.output.register(cmd)
	return cmd
}

func newFacilitator(f *factory, accessible bool) facilitator {
	if accessible {
		return &survey.Lines{In: f.io.In, Out: f.screenOut()}
	}
	return &survey.Form{In: f.io.In, Out: f.screenOut(), Environ: f.io.Environ}
}

// runWorkshop asks respondent after respondent, saving each result into the
// workshop directory as it is finished, then prints the group report.
func runWorkshop(ctx context.Context, f *factory, opts *workshopOptions, fac facilitator) error {
	q := opts.q
	if q == nil {
		var err error
		if q, err = loadQuestionnaire(f, opts.questionnaire); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the workshop directory: %w", err)
	}
	done, err := workshopSoFar(f, opts.dir, q)
	if err != nil {
		return err
	}
	drafts := &draftFile{path: filepath.Join(opts.dir, ".draft-"+q.ID+".json"), now: f.now}
	unlock, err := lockDraft(f, drafts)
	if err != nil {
		return err
	}
	defer unlock()
	pending := drafts.load(f.io.ErrOut, q)
	for {
		s := &survey.Session{Questionnaire: q, Notes: opts.notes || !opts.accessible, Now: f.now}
		s.Save = func() { drafts.save(s.Draft) }
		if pending != nil && pending.Answered() > 0 {
			// Someone was interrupted: their answers are offered back.
			s.Draft = pending
			fmt.Fprintf(f.io.ErrOut, "%s was interrupted: %s.\n", orAnonymous(pending.Respondent.Name), pending.Summary(q, f.now()))
		} else {
			next, err := fac.NextRespondent(ctx, survey.Round{Title: q.Title, Dir: opts.dir, Done: done})
			if err != nil {
				return workshopStopped(ctx, err, nil, opts, len(done))
			}
			if next.Done {
				break
			}
			s.Draft = survey.NewDraft(q, f.now())
			s.Draft.Respondent = questionnaire.Respondent{Name: next.Name, Role: next.Role, Org: opts.org}
		}
		pending = nil
		resume, err := fac.Welcome(ctx, s)
		if err != nil {
			return workshopStopped(ctx, err, s, opts, len(done))
		}
		if !resume && s.Draft.Answered() > 0 {
			who := s.Draft.Respondent
			s.Draft = survey.NewDraft(q, f.now())
			s.Draft.Respondent = who
		}
		if err := fac.Ask(ctx, s); err != nil {
			return workshopStopped(ctx, err, s, opts, len(done))
		}
		path, wanted, err := saveWorkshopResult(f, opts.dir, q, s.Draft.ToAnswers(q))
		if err != nil {
			return fmt.Errorf("%w; the answers are kept: run the workshop again to save them", err)
		}
		if path != wanted {
			// Two respondents of one name and role: both are kept, and the
			// facilitator is told, since the report cannot tell them apart.
			say(f.io.ErrOut, "%s is taken by an earlier result of the same name and role, so this one is %s; if both are the same person, remove one before the report.",
				filepath.Base(wanted), filepath.Base(path))
		}
		if err := store.RemoveDraft(drafts.path); err != nil {
			fmt.Fprintf(f.io.ErrOut, "Warning: %s.\n", err)
		}
		fac.HandOver(orAnonymous(s.Draft.Respondent.Name))
		fmt.Fprintf(f.io.ErrOut, "Saved in %s\n", path)
		done = append(done, orAnonymous(s.Draft.Respondent.Who(false)))
	}
	if len(done) == 0 {
		fmt.Fprintf(f.io.ErrOut, "No results in %s yet, so there is no report.\n", opts.dir)
		return nil
	}
	if opts.asked != nil {
		opts.asked()
	}
	// The group report is exactly what "convergence report DIR" prints.
	return runReport(f, &reportOptions{
		paths: []string{opts.dir}, anonymous: opts.anonymous, questionnaire: opts.questionnaire, output: opts.output,
	})
}

// workshopSoFar lists who has answered already, checking on the way that
// every result in the directory belongs to this questionnaire: better to
// say so before anyone answers than after.
func workshopSoFar(f *factory, dir string, q *questionnaire.Questionnaire) ([]string, error) {
	files, err := resultFilesIn(dir)
	if err != nil || len(files) == 0 {
		return nil, err
	}
	agg, err := aggregateWith(files, q, f.now())
	if err != nil {
		return nil, err
	}
	var done []string
	for _, r := range agg.Respondents() {
		done = append(done, orAnonymous(result.Respondent{Name: r.Name, Role: r.Role}.Who(false)))
	}
	fmt.Fprintf(f.io.ErrOut, "Continuing the workshop in %s: %s so far.\n", dir, diag.Count(len(done), "result", "results"))
	return done, nil
}

// saveWorkshopResult scores a respondent's answers and saves the result in
// the workshop directory, under a new name if theirs is taken. It returns
// the path written and the one wanted. Workshop, collect and import all
// save this way, so their results are named alike.
func saveWorkshopResult(f *factory, dir string, q *questionnaire.Questionnaire, a *questionnaire.Answers) (path, wanted string, err error) {
	r, err := scoring.Score(q, a, scoring.Options{Tool: f.tool(), Now: f.now()})
	if err != nil {
		return "", "", err
	}
	data, err := result.Marshal(r)
	if err != nil {
		return "", "", err
	}
	name := fileSlug(a.Respondent.Name)
	if a.Respondent.Role != "" {
		name += "-" + a.Respondent.Role
	}
	wanted = filepath.Join(dir, name+".json")
	path, err = store.WriteNew(wanted, data, 0o644)
	return path, wanted, err
}

var unsafeFileChars = regexp.MustCompile(`[^a-z0-9]+`)

// fileSlug makes a name safe and readable as a file name: "Ana Ruiz" is
// "ana-ruiz".
func fileSlug(name string) string {
	s := strings.Trim(unsafeFileChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		s = "respondent"
	}
	return s[:min(len(s), 40)]
}

func orAnonymous(name string) string {
	if name == "" {
		return "Someone"
	}
	return name
}

// workshopStopped says what is kept when the workshop stops part-way.
func workshopStopped(ctx context.Context, err error, s *survey.Session, opts *workshopOptions, saved int) error {
	results := fmt.Sprintf("%d results are saved in %s", saved, opts.dir)
	if saved == 1 {
		results = fmt.Sprintf("1 result is saved in %s", opts.dir)
	}
	kept := ""
	if s != nil && s.Draft != nil && s.Draft.Answered() > 0 {
		kept = fmt.Sprintf(", and %s's %d answers are kept", orAnonymous(s.Draft.Respondent.Name), s.Draft.Answered())
	}
	again := fmt.Sprintf("run 'convergence workshop --dir %s' to continue", opts.dir)
	return stopError(ctx, err, fmt.Sprintf("%s%s: %s", result.UpperFirst(results), kept, again))
}

// checkResultsDir checks the --dir and --org of a command that saves
// results in a directory (workshop, collect, import): the directory may
// be missing, as it is created, but not a file.
func checkResultsDir(dir, org string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		what := "a file"
		if !info.Mode().IsRegular() {
			what = diag.Describe(info.Mode())
		}
		return usageErrorf("--dir %s is %s, not a directory; name a directory (it is created if missing)", dir, what)
	}
	return checkLength("--org", org)
}
