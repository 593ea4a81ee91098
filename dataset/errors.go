package dataset

import (
	"errors"
	"fmt"
)

// Application error codes. The API maps them to HTTP statuses in one table.
const (
	EINVALID     = "invalid"     // the client's input is wrong: 400
	ENOTFOUND    = "not_found"   // no such thing: 404
	ECONFLICT    = "conflict"    // the request conflicts with the state: 409
	EINTERNAL    = "internal"    // our fault: 500, text never shown
	EUNAVAILABLE = "unavailable" // temporarily unable (closing, busy): 503
)

// Error is an application error with a code and a message a person can act on.
type Error struct {
	Code    string
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic text for internal errors, so that internal details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
