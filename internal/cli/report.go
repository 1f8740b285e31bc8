package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

type reportOptions struct {
	paths         []string
	anonymous     bool
	questionnaire string
	output        outputFlags
}

func newCmdReport(f *factory) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report RESULT.json... | DIR",
		Short: "Print saved results again: one respondent's, or a workshop's",
		Long: `Print the report of a result saved earlier (by "score --format json" or
"assess"), without answering anything again: a result holds everything its
report needs, the questions and level names included.

Given several results — files, a directory (its *.json files) or a pattern
like "results/*.json" — it prints the workshop report instead: the group's
level scored by the same rules from the mean answers, where the respondents
disagree (questions answered two or more levels apart, with who gave the
lowest and highest answer), the dimension means by role, the gaps, the
unknowns and the group's 90-day plan, then the list of respondents. With
--anonymous names become "Respondent 1", "Respondent 2" and so on; roles are
kept, since where the roles disagree is the point. When the paths come to a
single result, that respondent's report is printed.

All results of a workshop must be of one questionnaire and version; a mix,
or a damaged file, is refused naming the files. So is a result whose levels
and scores are not what its answers score (edited by hand, or written by
another version of the scoring rules), or one dated in the future.
--questionnaire names the questionnaire (a built-in id or a file) for
results of one that is not built in.

On a terminal the text report is coloured and uses up to 100 columns; in a
pipe or a file, or with NO_COLOR set, it is plain text of 80 columns.
Markdown suits a client document or a CI job summary; HTML is one
self-contained, printable file (A4 or Letter) that loads nothing from the
network. JSON is the result, or the workshop document
(convergence.workshop/v1).

Exit status: 0 on success, 2 for a bad flag, no result files, or a file that
is not a valid result (the message names the file, and the line and column
where known).`,
		Example: `  # The report again, in the terminal
  convergence report result.json

  # A printable HTML file to hand over
  convergence report result.json --format html -o report.html

  # A CI job summary on GitHub Actions
  convergence report result.json --format markdown >> "$GITHUB_STEP_SUMMARY"

  # A workshop: every result in a directory, names left out
  convergence report workshop/ --anonymous --format html -o workshop.html

  # A workshop from files or a pattern
  convergence report ana.json ben.json chloe.json
  convergence report 'results/acme-*.json' --format markdown`,
		Args: usageArgs(cobra.MinimumNArgs(1), "name the result file to report on, e.g. convergence report result.json"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.paths = args
			return runReport(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.anonymous, "anonymous", false, `leave names out: "Respondent 1", "Respondent 2"…; roles are kept`)
	cmd.Flags().StringVarP(&opts.questionnaire, "questionnaire", "q", "", "for a workshop: the questionnaire `ID|PATH` of the results (default: the one they name)")
	opts.output.register(cmd)
	return cmd
}

func runReport(f *factory, opts *reportOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.paths...); err != nil {
		return err
	}
	if len(opts.paths) == 1 && opts.paths[0] == "-" {
		return reportOne(f, opts, format, "-")
	}
	for _, p := range opts.paths {
		if p == "-" {
			return usageErrorf("standard input (-) holds one result; it cannot be part of a workshop")
		}
	}
	files, err := expandResultPaths(opts.paths)
	if err != nil {
		return err
	}
	switch len(files) {
	case 0:
		return usageErrorf("no result files to report on")
	case 1:
		return reportOne(f, opts, format, files[0])
	}
	return runWorkshopReport(f, opts, format, files)
}

// reportOne renders one respondent's result.
func reportOne(f *factory, opts *reportOptions, format report.Format, file string) error {
	r, err := loadResult(f, file)
	if err != nil {
		return err
	}
	if opts.anonymous {
		r.Respondent.Name = ""
	}
	return opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, r, format, opts.output.reportOptions(f))
	})
}

// runWorkshopReport renders the aggregate of several respondents' results,
// streamed through the aggregator so that large workshops stay light.
func runWorkshopReport(f *factory, opts *reportOptions, format report.Format, files []string) error {
	agg, err := aggregateFiles(f, files, opts.questionnaire)
	if err != nil {
		return err
	}
	ws, err := agg.Workshop(scoring.WorkshopOptions{Tool: f.tool(), Anonymous: opts.anonymous})
	if err != nil {
		return &inputError{err: err}
	}
	return opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, ws, format, opts.output.reportOptions(f))
	})
}

// usageArgs makes a wrong number of arguments a usage error (exit status
// 2) with a message that says what to give, instead of cobra's own.
func usageArgs(check cobra.PositionalArgs, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageErrorf("%s", msg)
		}
		return nil
	}
}

// loadResult reads a saved result, or standard input for "-", for every
// command that reads one (report, compare, score --baseline and
// --answers-from, history). A file that is not a valid result, or whose
// levels and scores do not follow from its answers (see checkResult), comes
// back as problems naming it (exit status 2).
func loadResult(f *factory, name string) (*result.Result, error) {
	l, _ := readResult(f, name, nil)
	return l.r, l.err
}

// loaded is one result file read and checked, or why it could not be.
type loaded struct {
	file   string
	digest string
	r      *result.Result
	err    error
}

// readResult is loadResult reading into buf, which it returns grown for
// the next file: compare reads thousands of results this way. It gives
// the digest of the bytes read too, by which compare knows one result
// saved under two names.
func readResult(f *factory, name string, buf []byte) (loaded, []byte) {
	l := loaded{file: name}
	var data []byte
	var err error
	if name == "-" {
		l.file = "<stdin>"
		data, err = readStdin(f)
	} else {
		buf, err = diag.ReadFileInto(buf, name)
		data = buf
	}
	var r *result.Result
	if err == nil {
		r, err = result.Parse(l.file, data)
	}
	if err == nil {
		err = checkResult(f, l.file, r)
	}
	if err != nil {
		l.err = err
		return l, buf
	}
	l.r, l.digest = r, scoring.Digest(data)
	return l, buf
}

// checkResult refuses a result that cannot be believed: one assessed more
// than a day in the future, and, when its questionnaire is built in (same
// id, version and content), one whose levels or scores are not what its
// answers score. Such a result was edited, or written by another version of
// the scoring rules; a report, a comparison or a CI gate built on it would
// be wrong. Only levels, their names and scores are compared: the advice in a result
// (reasons, plan) may differ between versions of the tool, and is not
// checked.
func checkResult(f *factory, file string, r *result.Result) error {
	if err := result.CheckTime(file, r.AssessedAt, f.now()); err != nil {
		return err
	}
	answers := make([]result.SummaryAnswer, len(r.Answers))
	for i, a := range r.Answers {
		answers[i] = result.SummaryAnswer{Question: a.Question, Status: a.Status, Level: a.Level}
	}
	return checkAgainstAnswers(file, r.Questionnaire, answers, func(want *result.Result) string {
		if got, w := r.Overall, want.Overall; got.Level != w.Level || !sameScore(got.Score, w.Score) || !sameScore(got.Index, w.Index) {
			return fmt.Sprintf("overall Level %d, score %.2f and index %.0f do not follow from its answers, which give Level %d, %.2f and %.0f",
				got.Level, got.Score, got.Index, w.Level, w.Score, w.Index)
		}
		if got, w := r.Overall.LevelName, want.Overall.LevelName; got != w {
			return fmt.Sprintf("overall level is named %q, and Level %d is %q", diag.Clean(got), want.Overall.Level, w)
		}
		if len(r.Dimensions) != len(want.Dimensions) {
			return fmt.Sprintf("it has %d dimensions, and %s has %d", len(r.Dimensions), want.Questionnaire.ID+"@"+want.Questionnaire.Version, len(want.Dimensions))
		}
		for _, w := range want.Dimensions {
			got := r.Dimension(w.ID)
			switch {
			case got == nil:
				return fmt.Sprintf("dimension %q is missing", w.ID)
			case got.Level != w.Level || !sameScore(got.Score, w.Score):
				return fmt.Sprintf("dimension %q at Level %d, score %.2f does not follow from its answers, which give Level %d, %.2f",
					w.ID, got.Level, got.Score, w.Level, w.Score)
			case got.LevelName != w.LevelName:
				return fmt.Sprintf("dimension %q's level is named %q, and Level %d is %q", w.ID, diag.Clean(got.LevelName), w.Level, w.LevelName)
			}
		}
		return ""
	})
}

// checkSummary is checkResult for the part of a result a workshop reads:
// the overall level and index and the dimension scores.
func checkSummary(now time.Time, file string, s *result.Summary) error {
	if err := result.CheckTime(file, s.AssessedAt, now); err != nil {
		return err
	}
	return checkAgainstAnswers(file, s.Questionnaire, s.Answers, func(want *result.Result) string {
		if s.Overall.Level != want.Overall.Level || !sameScore(s.Overall.Index, want.Overall.Index) {
			return fmt.Sprintf("overall Level %d and index %.0f do not follow from its answers, which give Level %d and %.0f",
				s.Overall.Level, s.Overall.Index, want.Overall.Level, want.Overall.Index)
		}
		if len(s.Dimensions) != len(want.Dimensions) {
			return fmt.Sprintf("it has %d dimensions, and its questionnaire has %d", len(s.Dimensions), len(want.Dimensions))
		}
		for _, d := range s.Dimensions {
			w := want.Dimension(d.ID)
			switch {
			case w == nil:
				return fmt.Sprintf("its questionnaire has no dimension %q", d.ID)
			case !sameScore(d.Score, w.Score):
				return fmt.Sprintf("dimension %q at score %.2f does not follow from its answers, which give %.2f", d.ID, d.Score, w.Score)
			}
		}
		return ""
	})
}

// checkAgainstAnswers scores the answers of a result again with its
// built-in questionnaire, when it has one, and refuses the result when
// differs finds what it stored unlike the new score. (The rescore command
// is another thing: it moves a result to another questionnaire.)
func checkAgainstAnswers(file string, ref result.QuestionnaireRef, answers []result.SummaryAnswer, differs func(*result.Result) string) error {
	q := builtinOf(ref)
	if q == nil {
		return nil
	}
	a := &questionnaire.Answers{File: file}
	for _, ans := range answers {
		a.Items = append(a.Items, questionnaire.Answer{Question: ans.Question, Status: ans.Status, Level: ans.Level})
	}
	edited := func(msg string) error {
		return diag.Problems{{File: file, Msg: "damaged result document: " + msg + "; edited, or written by another scoring version"}}
	}
	want, err := scoring.Levels(q, a)
	if err != nil {
		var probs diag.Problems
		if errors.As(err, &probs) && len(probs) > 0 {
			return edited(fmt.Sprintf("its answers do not fit %s (%s)", q.Ref(), probs[0].Msg))
		}
		return err
	}
	if msg := differs(want); msg != "" {
		return edited(msg)
	}
	return nil
}

// sameScore compares two scores rounded to two decimals, as results store
// them.
func sameScore(a, b float64) bool {
	return math.Abs(a-b) < 0.006
}

// builtinOf returns the built-in questionnaire a result was scored with:
// the same id and version, and the same content. Nil when there is none
// (a questionnaire of one's own, or other wording): its answers cannot be
// re-scored here.
func builtinOf(ref result.QuestionnaireRef) *questionnaire.Questionnaire {
	q := questionnaire.BuiltinVersion(ref.ID, ref.Version)
	if q == nil || !q.SameContent(ref.Digest) {
		return nil
	}
	return q
}
