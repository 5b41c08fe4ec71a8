#!/bin/sh
# A container has no init: a package's install never starts its service.
exit 101
