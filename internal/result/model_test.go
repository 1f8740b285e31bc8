package result_test

import (
	"testing"

	"github.com/convergence-model/convergence/internal/result"
)

func TestUpperFirst(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "shared customer ID", "Shared customer ID"},
		{"already upper", "CRM", "CRM"},
		{"two-byte letter", "édition", "Édition"},
		{"three-byte letter", "ⓐb", "Ⓐb"},
		{"not a letter", "“quoted”", "“quoted”"},
		{"one invalid byte", "\xff", "\xff"},
		{"invalid first byte", "\xffabc", "\xffabc"},
		{"cut rune", "\xc3", "\xc3"},
		{"invalid later", "a\xff", "A\xff"},
		{"replacement character", "\uFFFDx", "\uFFFDx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := result.UpperFirst(tt.in); got != tt.want {
				t.Errorf("UpperFirst(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
