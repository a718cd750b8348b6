-- The name shown for a comment without an account: an imported guest comment (a Disqus
-- post whose author left no email address). A comment's author is its account's name,
-- else this.
ALTER TABLE comments ADD COLUMN guest_name TEXT;
