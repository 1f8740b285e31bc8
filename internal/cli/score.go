package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
	"github.com/convergence-model/convergence/questionnaires"
)

type scoreOptions struct {
	answers          string
	answersFrom      string
	questionnaire    string
	minLevel         int
	baseline         string
	failOnRegression bool
	save             string
	force            bool
	output           outputFlags
}

func newCmdScore(f *factory) *cobra.Command {
	opts := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score --answers FILE",
		Short: "Score an answers file and print the report",
		Long: `Score an answers file (YAML or JSON) without any questions asked, and print
the report: the level and why, the dimension scores, AI readiness, the gaps,
the unknowns and the 90-day plan.

Every problem in the answers file is listed at once, with its line and
column. Use "convergence questionnaire template" for a file to fill in.

For CI: --save writes the result JSON whatever the report format;
--baseline compares with an earlier result (the report gains a "since"
section); --fail-on-regression then fails when the overall level or any
dimension level went down; --min-level fails below a level.

--answers-from re-scores the answers stored in an earlier result with the
current questionnaire, to see how an updated questionnaire changes a level:
questions that no longer exist are dropped and new ones count as "not sure",
both listed on standard error.

Exit status: 0 on success, 2 for a bad flag or an invalid file, 3 when the
level is below --min-level or, with --fail-on-regression, a level went down.`,
		Example: `  # The report in the terminal
  convergence score --answers answers.yaml

  # JSON for a pipeline; fail the job below Level 3
  convergence score --answers answers.yaml --format json -o result.json \
    --min-level 3

  # CI: a Markdown summary, the result saved, and a gate against the last run
  convergence score --answers answers.yaml --baseline last.json \
    --fail-on-regression --format markdown --save result.json \
    >> "$GITHUB_STEP_SUMMARY"

  # Read the answers from standard input
  cat answers.yaml | convergence score --answers -

  # Re-score an old result with the current questionnaire
  convergence score --answers-from 2026-03-01.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case opts.answers == "" && opts.answersFrom == "":
				return usageErrorf("--answers is required: name the answers file to score")
			case opts.answers != "" && opts.answersFrom != "":
				return usageErrorf("give --answers or --answers-from, not both")
			case opts.failOnRegression && opts.baseline == "":
				return usageErrorf("--fail-on-regression needs --baseline: the result to compare with")
			}
			if err := checkSave(opts.save, opts.force); err != nil {
				return err
			}
			if opts.baseline == "-" && (opts.answers == "-" || opts.answersFrom == "-") {
				return usageErrorf("the answers and --baseline cannot both be - (standard input); give a file for one of them")
			}
			if cmd.Flags().Changed("min-level") && (opts.minLevel < result.MinLevel || opts.minLevel > result.MaxLevel) {
				return usageErrorf("--min-level must be 1 to 5, not %d", opts.minLevel)
			}
			return runScore(f, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.answers, "answers", "a", "", "answers `FILE` (YAML or JSON; - for standard input)")
	cmd.Flags().StringVar(&opts.answersFrom, "answers-from", "", "re-score the answers stored in a saved result `FILE`")
	cmd.Flags().StringVarP(&opts.questionnaire, "questionnaire", "q", "", "questionnaire `ID|PATH` (default: the one the answers name)")
	cmd.Flags().IntVar(&opts.minLevel, "min-level", 0, "exit with status 3 when the overall level is below `N` (1-5)")
	cmd.Flags().StringVar(&opts.baseline, "baseline", "", "compare with an earlier result `FILE`")
	cmd.Flags().BoolVar(&opts.failOnRegression, "fail-on-regression", false, "with --baseline: exit with status 3 when a level went down")
	cmd.Flags().StringVar(&opts.save, "save", "", "also save the result JSON to `FILE`")
	cmd.Flags().BoolVar(&opts.force, "force", false, "let --save replace an existing file")
	opts.output.register(cmd)
	return cmd
}

func runScore(f *factory, opts *scoreOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.answers, opts.answersFrom, opts.baseline, opts.save); err != nil {
		return err
	}
	// Read the baseline first: a damaged baseline should stop the run
	// before anything is written.
	var baseline *result.Result
	if opts.baseline != "" {
		if baseline, err = loadResult(f, opts.baseline); err != nil {
			return err
		}
	}
	var answers *questionnaire.Answers
	var q *questionnaire.Questionnaire
	if opts.answersFrom != "" {
		answers, q, err = answersFromResult(f, opts.answersFrom, opts.questionnaire)
	} else {
		answers, q, err = loadAnswersAndQuestionnaire(f, opts.answers, opts.questionnaire)
	}
	if err != nil {
		return err
	}
	r, err := scoring.Score(q, answers, scoring.Options{Tool: f.tool(), Now: f.now()})
	if err != nil {
		return err
	}
	var cmp *result.Comparison
	if baseline != nil {
		if cmp, err = scoring.CompareWithBaseline(baseline, r, opts.baseline, f.tool()); err != nil {
			return err
		}
	}
	if err := saveResult(opts.save, r, opts.force); err != nil {
		return err
	}
	if err := opts.output.write(f, func(w io.Writer) error {
		// The comparison with the baseline is a section of the report
		// ("Since 10 Jan 2026"), not a second document after it.
		ropts := opts.output.reportOptions(f)
		ropts.Baseline = cmp
		ropts.MinLevel = opts.minLevel
		return report.Write(w, r, format, ropts)
	}); err != nil {
		return err
	}
	// A failed gate is about the answers scored: CI annotations point
	// there.
	scored := opts.answers
	if scored == "" {
		scored = opts.answersFrom
	}
	if err := checkMinLevel(r, opts.minLevel); err != nil {
		return &fileError{err: err, file: scored}
	}
	gateErr := regressionGate(f, cmp, opts.failOnRegression)
	if fe := (*fileError)(nil); errors.As(gateErr, &fe) && fe.file == "" {
		fe.file = scored
	}
	return gateErr
}

// checkMinLevel is the --min-level gate.
func checkMinLevel(r *result.Result, minLevel int) error {
	if minLevel > 0 && r.Overall.Level < minLevel {
		return &gateError{msg: fmt.Sprintf("Level %d (%s) is below --min-level %d", r.Overall.Level, r.Overall.LevelName, minLevel)}
	}
	return nil
}

// loadAnswersAndQuestionnaire reads an answers file and the questionnaire
// it is for: --questionnaire when given, else the one the file pins, else
// the default. Problems in the file and mismatches with the questionnaire
// are reported together, sorted by line.
func loadAnswersAndQuestionnaire(f *factory, answersFile, ref string) (*questionnaire.Answers, *questionnaire.Questionnaire, error) {
	answers, perr := loadAnswers(f, answersFile)
	if answers == nil {
		return nil, nil, perr
	}
	var q *questionnaire.Questionnaire
	if ref == "" {
		var err error
		if q, err = builtinFor(f, answers); err != nil {
			return nil, nil, err
		}
	} else {
		var err error
		if q, err = loadQuestionnaire(f, ref); err != nil {
			return nil, nil, err
		}
	}
	if perr != nil {
		var probs diag.Problems
		if !errors.As(perr, &probs) {
			return nil, nil, perr
		}
		return nil, nil, append(probs, questionnaire.CheckAnswers(q, answers)...).Sorted()
	}
	return answers, q, nil
}

// builtinFor picks the built-in questionnaire an answers file is for: the
// version it pins, or else the latest version of its questionnaire (the
// default one when it names none) that its answers fit — so an answers
// file written for 1.0 keeps being scored with 1.0, saying so.
func builtinFor(f *factory, a *questionnaire.Answers) (*questionnaire.Questionnaire, error) {
	id, version, pinned := strings.Cut(a.Questionnaire, "@")
	if id == "" {
		id = questionnaires.Default
	}
	var refs []string
	for _, ref := range questionnaire.BuiltinRefs() {
		if bid, _, _ := strings.Cut(ref, "@"); bid == id {
			refs = append(refs, ref)
		}
	}
	p := a.QuestionnairePos
	if len(refs) == 0 {
		return nil, diag.Problems{{File: a.File, Line: p.Line, Col: p.Col,
			Msg: fmt.Sprintf("these answers are for questionnaire %q, which is not built in (%s); give its file with --questionnaire",
				a.Questionnaire, strings.Join(questionnaire.Builtin(), ", "))}}
	}
	if pinned {
		if slices.Contains(refs, id+"@"+version) {
			q, _, err := questionnaire.Resolve(id + "@" + version)
			return q, err
		}
		var versions []string
		for _, ref := range refs {
			_, v, _ := strings.Cut(ref, "@")
			versions = append(versions, v)
		}
		return nil, diag.Problems{{File: a.File, Line: p.Line, Col: p.Col,
			Msg: fmt.Sprintf("these answers are pinned to %s, which this build does not have (it has %s %s)", a.Questionnaire, id, diag.Join(versions, "and"))}}
	}
	// The latest version first; an older one is built only when the
	// answers do not fit the latest.
	var latest *questionnaire.Questionnaire
	for i, ref := range refs {
		q, _, err := questionnaire.Resolve(ref)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			latest = q
		}
		if questionnaire.CheckAnswers(q, a).AsError() == nil {
			if i > 0 {
				fmt.Fprintf(f.io.ErrOut, "These answers fit %s, not the current %s: scored with %s.\n", q.Ref(), latest.Ref(), q.Version)
			}
			return q, nil
		}
	}
	return latest, nil
}

// loadAnswers reads an answers file, or standard input for "-", and
// refuses one dated more than a day after today (see CheckTime) along with
// any other problem in it.
func loadAnswers(f *factory, name string) (*questionnaire.Answers, error) {
	var a *questionnaire.Answers
	var err error
	if name == "-" {
		if f.io.IsStdinTTY() {
			// Otherwise the program seems to hang.
			say(f.io.ErrOut, "Reading the answers file from standard input: paste it or type it, then press Ctrl-D.")
		}
		var data []byte
		if data, err = readStdin(f); err != nil {
			return nil, err
		}
		a, err = questionnaire.ParseAnswers("<stdin>", data)
	} else {
		a, err = questionnaire.LoadAnswers(name)
	}
	if a == nil {
		return nil, err
	}
	if late := a.CheckTime(f.now()); len(late) > 0 {
		var probs diag.Problems
		if err != nil && !errors.As(err, &probs) {
			return nil, err
		}
		return a, append(probs, late...).Sorted()
	}
	return a, err
}

func readStdin(f *factory) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f.io.In, diag.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read standard input: %w", err)
	}
	if len(data) > diag.MaxFileSize {
		return nil, diag.Problems{{File: "<stdin>", Msg: fmt.Sprintf("input is larger than %d MiB", diag.MaxFileSize>>20)}}
	}
	return data, nil
}

// loadQuestionnaire resolves --questionnaire and prints its warnings.
func loadQuestionnaire(f *factory, ref string) (*questionnaire.Questionnaire, error) {
	q, warnings, err := questionnaire.Resolve(ref)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		fmt.Fprintln(f.io.ErrOut, w.String())
	}
	return q, nil
}
