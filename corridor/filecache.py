"""The embedded shared cache (no Redis): Django's file cache, without compression.

A page cache hit reads the generation and the page from files on every request. Django's
``FileBasedCache`` inflates each value with zlib: for a 40 KB directory page that was a sixth
of a hit's time in a worker. Pages are stored as they are instead; at ``MAX_ENTRIES`` (20,000)
of 40 KB the cache takes 800 MB of disk at most. Entries written by Django's own backend (zlib)
use other file names (the cache ``VERSION`` differs), and any entry that cannot be read is a
miss, never an error.
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError)


class PlainFileCache(FileBasedCache):
    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.load(f)
        except FileNotFoundError:
            pass
        except UNREADABLE:
            self._delete(fname)
        return default

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    previous = pickle.load(f)
                    f.seek(0)
                    f.truncate()
                    self._write_content(f, timeout, previous)
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
        except UNREADABLE:
            return False
