//go:build !linux

package engine

import "os"

// openMember opens a folder's file for reading.
func openMember(path string) (memberFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return osMember{f}, nil
}

// osMember is a member opened by os.Open.
type osMember struct{ *os.File }

func (f osMember) version() (fileVersion, error) { return statVersion(f.File) }
