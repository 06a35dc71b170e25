// Package cell says what the text of a CSV cell denotes when it is written
// as JSON: a number, a boolean, or text that must stay a string. The rules
// are strict so that turning a cell into a JSON number or boolean never
// loses anything: the JSON text is the cell's text, byte for byte, and every
// JSON reader (JavaScript's included, whose numbers are float64) reads back
// the value the cell wrote.
//
//   - Integer: an optional '-', then 0 or a digit 1-9 followed by at most 14
//     more digits: -?(0|[1-9][0-9]{0,14}). Fifteen digits keep every such
//     integer below 2^53, where float64 is exact. "007" (a leading zero),
//     "+5", " 5", "1,000", "-0" and a 16-digit id stay text.
//   - Number: an integer part as above, a '.', and one or more digits, with
//     at most 15 significant digits in all (leading zeros of "0.000123" are
//     not significant, trailing ones are): float64 holds any 15 significant
//     decimal digits exactly, so the value survives any reader, and the JSON
//     text keeps the trailing zeros of "2.50" as written. "1e5", "1.", ".5",
//     "NaN", "Infinity" and negative zero ("-0.0") stay text.
//   - Boolean: exactly "true" or "false" (lower case, as JSON writes them);
//     "True", "TRUE", "yes" and "1" stay text.
//   - Empty: the cell has no bytes at all.
//   - Text: anything else.
package cell

// Kind is what a cell's text denotes.
type Kind uint8

// The kinds of cells.
const (
	Empty Kind = iota
	Integer
	Number
	Boolean
	Text
)

var kindNames = [...]string{"empty", "integer", "number", "boolean", "text"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// MaxDigits is the most significant digits a number cell may have.
const MaxDigits = 15

// maxLen bounds a number cell's length, which keeps "0.000…1" far from
// the subnormal range where float64 loses digits.
const maxLen = 64

// Of returns the kind of a cell's text.
func Of(b []byte) Kind {
	if len(b) == 0 {
		return Empty
	}
	switch c := b[0]; {
	case c == '-' || c >= '0' && c <= '9':
		return number(b)
	case c == 't':
		if string(b) == "true" {
			return Boolean
		}
	case c == 'f':
		if string(b) == "false" {
			return Boolean
		}
	}
	return Text
}

// number classifies a cell that starts with '-' or a digit.
func number(b []byte) Kind {
	if len(b) > maxLen {
		return Text
	}
	i := 0
	neg := b[0] == '-'
	if neg {
		i++
	}
	if i == len(b) {
		return Text
	}
	start := i
	if b[i] == '0' {
		i++
	} else {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == start {
			return Text
		}
	}
	intDigits := i - start
	if i == len(b) {
		if intDigits > MaxDigits || neg && b[start] == '0' {
			return Text
		}
		return Integer
	}
	if b[i] != '.' {
		return Text
	}
	i++
	frac := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i != len(b) || i == frac {
		return Text
	}
	// significant digits: all of a non-zero integer part and the fraction;
	// with a zero integer part, the fraction after its leading zeros.
	sig := intDigits + len(b) - frac
	zero := b[start] == '0'
	if zero {
		sig = len(b) - frac
		k := frac
		for k < len(b) && b[k] == '0' {
			k++
			sig--
		}
		if k == len(b) && neg {
			return Text // -0.0: negative zero
		}
	}
	if sig > MaxDigits {
		return Text
	}
	return Number
}
