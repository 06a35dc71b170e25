package jsonscan

// Members calls fn for each member of the JSON object rec, in order: key is
// the key as written (without its quotes, escapes kept; see String to decode
// it) and value the member's raw value. Like Scan, it checks that rec holds
// exactly one structurally valid JSON object, surrounding white space
// allowed, and returns ErrNotObject for another valid JSON value. fn may
// have been called for the members before an error.
func Members(rec []byte, fn func(key, value Value)) error {
	var stack [8]frame // the first levels' frames, without an allocation
	s := scanner{d: rec, frames: stack[:0]}
	i, err := s.objectStart()
	if err != nil {
		return err
	}
	i = s.space(i + 1)
	if i < len(rec) && rec[i] == '}' {
		if j := s.space(i + 1); j != len(rec) {
			return &SyntaxError{j, "data after the object"}
		}
		return nil
	}
	for {
		if i >= len(rec) || rec[i] != '"' {
			return s.errAt(i, "expected a key string")
		}
		end, err := s.str(i)
		if err != nil {
			return err
		}
		key := rec[i+1 : end-1]
		i = s.space(end)
		if i >= len(rec) || rec[i] != ':' {
			return s.errAt(i, "expected ':' after key")
		}
		i = s.space(i + 1)
		start := i
		if i, err = s.skip(i, 1); err != nil {
			return err
		}
		fn(Value(key), Value(rec[start:i]))
		i = s.space(i)
		if i >= len(rec) {
			return s.errAt(i, "")
		}
		switch rec[i] {
		case ',':
			i = s.space(i + 1)
		case '}':
			if j := s.space(i + 1); j != len(rec) {
				return &SyntaxError{j, "data after the object"}
			}
			return nil
		default:
			return s.errAt(i, "expected ',' or '}' in object")
		}
	}
}
