package survey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/huh/v2"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Round is a workshop so far, for the facilitator's screen between
// respondents.
type Round struct {
	Title string
	// Dir is where the results are saved.
	Dir string
	// Done lists who has answered, as "Ana (Marketing)".
	Done []string
}

// Next is who answers next, or that the facilitator has ended the round.
type Next struct {
	Name string
	Role string
	Done bool
}

func (r Round) summary() string {
	switch len(r.Done) {
	case 0:
		return "No one has answered yet."
	case 1:
		return "1 respondent so far: " + r.Done[0] + "."
	}
	return fmt.Sprintf("%d respondents so far: %s.", len(r.Done), strings.Join(r.Done, ", "))
}

// NextRespondent asks the facilitator who answers next: a name and a role,
// both needed, since where the roles disagree is what a workshop shows. An
// empty name, or the end of the input, ends the round.
func (l *Lines) NextRespondent(ctx context.Context, r Round) (Next, error) {
	l.printf("\nWorkshop: %s\n%s Results are saved in %s.\n", r.Title, r.summary(), r.Dir)
	name, err := l.askText(ctx, "Next respondent's name (an empty line ends the workshop): ", result.MaxNameLength)
	if errors.Is(err, io.EOF) || (err == nil && name == "") {
		return Next{Done: true}, nil
	}
	if err != nil {
		return Next{}, err
	}
	l.printf("A workshop needs each respondent's role: it shows where the functions disagree.\n")
	role, err := l.askRole(ctx, false)
	if err != nil {
		return Next{}, lineError(err, 0)
	}
	return Next{Name: name, Role: role}, nil
}

// HandOver closes one respondent's turn. Line by line nothing is wiped (a
// screen reader or a log keeps its place); the facilitator is told to take
// the keyboard back.
func (l *Lines) HandOver(name string) {
	l.printf("\nThank you, %s: your answers are saved. Please hand back to the facilitator.\n", name)
}

// Facilitator choices between respondents.
const (
	choiceNext   = "next"
	choiceFinish = "finish"
)

// NextRespondent asks the facilitator, on the terminal, whether another
// respondent answers (with their name and role) or the round ends.
func (f *Form) NextRespondent(ctx context.Context, r Round) (Next, error) {
	choice := choiceNext
	var name, role string
	finish := "Finish the workshop and show the group report"
	if len(r.Done) == 0 {
		finish = "Finish (no one has answered yet)"
	}
	first := huh.NewGroup(
		huh.NewNote().Title("Workshop · "+diag.Clean(r.Title)).
			Description(escapeNote(diag.Clean(r.summary())+"\nEach result is saved in "+diag.Clean(r.Dir)+" as it is finished.\n\nHand the keyboard to each respondent in turn; the screen is cleared between them, so answers stay blind.")),
		huh.NewSelect[string]().Title("What next?").Options(
			huh.NewOption("Next respondent", choiceNext),
			huh.NewOption(finish, choiceFinish),
		).Value(&choice),
	)
	// Shift+Tab from an empty name goes back to "What next?": the name is
	// needed only to go on. (A validation that also held going back would
	// leave no field focused, with only Ctrl-C to get out.)
	back := false
	var roleOpts []huh.Option[string]
	for i, rn := range roleOptions() {
		roleOpts = append(roleOpts, huh.NewOption(rn, result.Roles[i]))
	}
	who := huh.NewGroup(
		huh.NewInput().Title("Respondent's name").
			Description("Written into their result; the report can hide names with --anonymous.").
			CharLimit(result.MaxNameLength).
			Value(&name).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" && !back {
					return errors.New("a name is needed to tell the answers apart")
				}
				return nil
			}),
		huh.NewSelect[string]().Title("Their role").Options(roleOpts...).Value(&role),
	).WithHideFunc(func() bool { return choice == choiceFinish })
	form := huh.NewForm(first, who).WithTheme(theme)
	m := newModel(form, nil, 0, nil)
	m.back = &back
	if err := f.run(ctx, m); err != nil {
		return Next{}, err
	}
	if choice == choiceFinish {
		return Next{Done: true}, nil
	}
	return Next{Name: strings.TrimSpace(name), Role: role}, nil
}

// HandOver wipes the screen and its scrollback after a respondent, so the
// next one cannot see the answers given before theirs.
func (f *Form) HandOver(string) {
	fmt.Fprint(f.Out, "\x1b[H\x1b[2J\x1b[3J")
}
