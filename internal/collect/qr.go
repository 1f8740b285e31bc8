package collect

import (
	"strings"

	"github.com/skip2/go-qrcode"
)

// QR draws a QR code of text for a terminal, two modules a character cell
// with half blocks, so that a link's code fits 80 columns. With colour it
// is drawn black on white whatever the terminal's background (phone
// cameras read dark modules on light); without, block characters mark
// dark modules, which reads right on a light background and as an
// inverted code, which most phone cameras also read, on a dark one.
func QR(text string, colour bool) (string, error) {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bits := code.Bitmap() // with its quiet zone of four modules
	var b strings.Builder
	for y := 0; y < len(bits); y += 2 {
		if colour {
			b.WriteString("\x1b[30;107m")
		}
		for x := range bits[y] {
			top := bits[y][x]
			bottom := y+1 < len(bits) && bits[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		if colour {
			b.WriteString("\x1b[0m")
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
