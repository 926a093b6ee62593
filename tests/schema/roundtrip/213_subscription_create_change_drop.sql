-- servers: 15 16 18
-- subscriptions (created connect = false): one only SOURCE has, one whose connection, publications, options and
-- comment change, one only TARGET has; the connection strings hold passwords
--- a
create subscription sub_changed connection 'host=old.example dbname=app user=rep password=old-secret'
  publication pub_a with (connect = false, binary = false);
create subscription sub_gone connection 'host=gone.example dbname=app password=gone-secret'
  publication pub_a with (connect = false);
--- b
create subscription sub_new connection 'host=pub.example dbname=app user=rep password=s3cr3t-pw'
  publication pub_a, pub_b with (connect = false, slot_name = 'sub_new_slot', synchronous_commit = 'remote_apply');
create subscription sub_changed connection 'host=new.example dbname=app user=rep password=new-secret'
  publication pub_b with (connect = false, binary = true, slot_name = none);
comment on subscription sub_changed is 'reads from the new primary';
