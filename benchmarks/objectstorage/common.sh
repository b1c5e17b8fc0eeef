# Shared by the object storage benchmarks: an S3Proxy on the filesystem (its objects are files under
# $work/s3/<bucket>/), the service's settings for it, and a fresh database. Sourced, not run.
s3_port=18190
bucket=dsar-bench
export DSAR_STORAGE=s3 DSAR_S3_ENDPOINT="http://127.0.0.1:$s3_port" DSAR_S3_BUCKET=$bucket DSAR_S3_PREFIX=dsar/ \
  DSAR_S3_PATH_STYLE=true AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret-0123456789 AWS_REGION=us-east-1

start_s3proxy() { # work directory
  local cp="$here/out/s3proxy.classpath"
  mkdir -p "$here/out" "$1/s3/$bucket"
  if [ ! -s "$cp" ]; then
    (cd "$here" && mvn -q -f s3proxy-pom.xml dependency:build-classpath -Dmdep.outputFile="$cp") >&2
  fi
  cat > "$1/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$1/s3
jclouds.identity=$AWS_ACCESS_KEY_ID
jclouds.credential=$AWS_SECRET_ACCESS_KEY
CONF
  java -Xmx512m -cp "$(cat "$cp")" org.gaul.s3proxy.Main --properties "$1/s3proxy.conf" >"$1/s3proxy.log" 2>&1 &
  s3proxy_pid=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && return
    sleep 0.5
  done
  echo "S3Proxy did not start:" >&2; cat "$1/s3proxy.log" >&2; exit 1
}

fresh_database() { # name
  export DSAR_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$1"
  psql -qX -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1
  "$root/bin/dsar" migrate --with-demo-schema >/dev/null
}
