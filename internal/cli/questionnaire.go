package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report/qdoc"
)

func newCmdQuestionnaire(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "questionnaire",
		Aliases: []string{"q"},
		Short:   "List, show and validate questionnaires; print templates",
		Long: `A questionnaire is a YAML file: the five levels, the dimensions with their
questions, the gates that cap the level, and the catalogue of actions the
90-day plan is built from. The default, convergence-core, is built in.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("name a subcommand: list, show, validate, template or export")
		},
	}
	cmd.AddCommand(
		newCmdQuestionnaireList(f),
		newCmdQuestionnaireShow(f),
		newCmdQuestionnaireValidate(f),
		newCmdQuestionnaireTemplate(f),
		newCmdQuestionnaireExport(f),
	)
	return cmd
}

func newCmdQuestionnaireList(f *factory) *cobra.Command {
	var output outputFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in questionnaires",
		Example: `  convergence questionnaire list
  convergence questionnaire list --format json | jq -r '.questionnaires[].digest'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			format, err := output.parse()
			if err != nil {
				return err
			}
			l := &qdoc.List{Schema: qdoc.ListSchema, Questionnaires: []qdoc.Summary{}}
			for _, ref := range questionnaire.BuiltinRefs() {
				q, _, err := questionnaire.Resolve(ref)
				if err != nil {
					return err
				}
				s := qdoc.Summarize(q)
				s.Default = len(l.Questionnaires) == 0
				l.Questionnaires = append(l.Questionnaires, s)
			}
			return output.write(f, func(w io.Writer) error { return qdoc.WriteList(w, l, format) })
		},
	}
	output.register(cmd, qdoc.ListFormats...)
	return cmd
}

func newCmdQuestionnaireShow(f *factory) *cobra.Command {
	var output outputFlags
	cmd := &cobra.Command{
		Use:   "show [ID|PATH]",
		Short: "Print a questionnaire as text, Markdown, YAML or JSON",
		Long: `Print a questionnaire: as text or Markdown to read it, or as YAML or JSON
(everything: levels, dimensions with their questions and options, gates,
flags and the action catalogue) for other programs.`,
		Example: `  convergence questionnaire show
  convergence questionnaire show convergence-core@1.0 --format markdown
  convergence questionnaire show --format json |
    jq '.dimensions[].questions[].id'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			format, err := output.parse()
			if err != nil {
				return err
			}
			q, err := loadQuestionnaire(f, firstArg(args))
			if err != nil {
				return err
			}
			render := func(w io.Writer) error { return qdoc.Write(w, q, format) }
			if format != "json" {
				// A questionnaire of one's own may hold anything.
				render = cleanedText(render)
			}
			return output.write(f, render)
		},
	}
	output.register(cmd, qdoc.QuestionnaireFormats...)
	return cmd
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func newCmdQuestionnaireValidate(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check questionnaire files and report every problem",
		Long: `Check questionnaire files and report every problem with file:line:col:
unknown fields, duplicate ids, wrong level sets, missing text, gates or
actions that name unknown ids. Warnings (a dimension with no actions for a
level, more than 20 questions) do not fail the check.

Exit status: 0 when every file is valid, 2 when any has an error.`,
		Example: `  convergence questionnaire validate questionnaires/convergence-core.yaml`,
		Args:    usageArgs(cobra.MinimumNArgs(1), "name at least one questionnaire file to validate"),
		RunE: func(_ *cobra.Command, args []string) error {
			failed := 0
			out := &checkedWriter{w: f.io.Out}
			for _, path := range args {
				if !validateOne(f, out, path) {
					failed++
				}
			}
			if out.err != nil {
				return fmt.Errorf("cannot write to standard output: %w", unwrapPathError(out.err))
			}
			if failed > 0 {
				return &inputError{err: fmt.Errorf("%d of %d questionnaires are invalid", failed, len(args))}
			}
			return nil
		},
	}
}

// validateOne prints every problem of one file on standard error and, for a
// usable one, its summary on out; it reports whether the file is usable.
func validateOne(f *factory, out io.Writer, path string) bool {
	data, err := diag.ReadFile(path)
	var q *questionnaire.Questionnaire
	if err == nil {
		q, err = questionnaire.Parse(path, data)
	}
	if err != nil {
		var probs diag.Problems
		if !errors.As(err, &probs) {
			probs = diag.Problems{{File: path, Msg: err.Error()}}
		}
		for _, p := range probs {
			say(f.io.ErrOut, "%s", p.String())
		}
		return false
	}
	probs := questionnaire.Validate(q)
	for _, p := range probs {
		say(f.io.ErrOut, "%s", p.String())
	}
	if len(probs.Errors()) > 0 {
		return false
	}
	say(out, "%s: ok: %s %s, %s, %d words on screen, %s, %s",
		path, q.ID, q.Version, diag.Count(len(q.Questions()), "question", "questions"), questionnaire.WordsOnScreen(q),
		diag.Count(len(q.Actions), "action", "actions"), diag.Count(len(probs), "warning", "warnings"))
	_ = cleanedText(func(w io.Writer) error { writeCoverage(w, q); return nil })(out)
	return true
}

// cleanedText renders text through a writer that cleans every line (see
// diag.Clean): for text that a questionnaire of one's own may have put
// anything into.
func cleanedText(render func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		c := &cleanLines{w: w}
		err := render(c)
		if ferr := c.Flush(); err == nil {
			err = ferr
		}
		return err
	}
}

// writeCoverage lists how the plan can move each question's answer: the
// number of actions for each rung, "-" where a no_action entry says why
// there is none, "!" where there is neither.
func writeCoverage(w io.Writer, q *questionnaire.Questionnaire) {
	width := 0
	for _, qu := range q.Questions() {
		width = max(width, len(qu.ID))
	}
	fmt.Fprintf(w, "  %-*s  1→2  2→3  3→4  4→5  at 5\n", width, "actions per rung")
	for _, c := range questionnaire.Coverage(q) {
		line := fmt.Sprintf("  %-*s", width, c.Question.ID)
		for rung := 1; rung <= 5; rung++ {
			cell := fmt.Sprint(len(c.Actions[rung-1]))
			switch {
			case slices.Contains(c.Excused, rung):
				cell = "-"
			case slices.Contains(c.Missing, rung):
				cell = "!"
			}
			line += fmt.Sprintf("  %3s", cell)
		}
		fmt.Fprintln(w, line)
	}
}

func newCmdQuestionnaireTemplate(f *factory) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "template [ID|PATH]",
		Short: "Print a blank answers file to fill in offline",
		Long: `Print an answers file with every question as a comment block (the prompt,
the five options and who knows the answer), ready to fill in with a level
1-5, "unsure" or, where allowed, "na". Score it with "convergence score".`,
		Example: `  convergence questionnaire template > answers.yaml
  $EDITOR answers.yaml
  convergence score --answers answers.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			// The template is the file people fill in: an existing one is
			// not replaced without --force.
			if out != "" && out != "-" {
				if info, err := os.Stat(out); err == nil && info.IsDir() {
					return usageErrorf("-o %s is a directory; name a file, such as %s", out, filepath.Join(out, "answers.yaml"))
				}
				if _, err := os.Lstat(out); err == nil && !force {
					return usageErrorf("-o %s: the file exists; choose another name, or add --force to replace it", out)
				}
			}
			q, err := loadQuestionnaire(f, firstArg(args))
			if err != nil {
				return err
			}
			o := outputFlags{out: out}
			return o.write(f, cleanedText(func(w io.Writer) error { return qdoc.WriteTemplate(w, q) }))
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the template to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "let -o replace an existing file")
	return cmd
}
