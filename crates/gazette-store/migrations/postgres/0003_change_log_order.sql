-- A sequence hands out numbers in the order rows are inserted, not committed: with
-- several writers, change 7 can become visible before change 6, and a server that has
-- read up to 7 would never see 6. Appending to the change log takes a transaction-level
-- lock held until commit and draws its number under that lock (the column default was
-- drawn before the trigger ran, so it is replaced; the gap it leaves is harmless), so
-- numbers become visible in order. Writers wait for each other only for the end of
-- their transactions.
CREATE FUNCTION change_log_in_commit_order() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4242001);
    NEW.seq := nextval(pg_get_serial_sequence('change_log', 'seq'));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER change_log_in_commit_order
    BEFORE INSERT ON change_log
    FOR EACH ROW EXECUTE FUNCTION change_log_in_commit_order();
