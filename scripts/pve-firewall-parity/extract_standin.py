# Assembles the stand-in engine (phoenix_standin.py) from the Swift sources, as StandInScript.module does,
# with the netbase tables of PVEFirewallNames. Usage: extract_standin.py OUT.py
import re,glob
import os, sys
root=os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../')
parts={}
for f in glob.glob(root+'Sources/PhoenixTesting/StandIns/StandInScript+*.swift'):
    s=open(f).read()
    m=re.search(r'static let (\w+) = #"""\n(.*?)"""#', s, re.S)
    parts[m.group(1)]=m.group(2)
names=open(root+'Sources/PhoenixCore/Validation/PVEFirewallNames.swift').read()
def block(name):
    b=names[names.index('static let %s'%name):]
    b=b[b.index('[')+1:b.index('\n    ]')]
    return b
protos=dict(re.findall(r'"([^"]+)": (\d+)', block('protocols')))
services=re.findall(r'"([^"]+)"', block('services'))
icmp=re.findall(r'"([^"]+)"', block('icmpTypeNames'))
wp=re.findall(r'"([^"]+)"', block('protocolsWithPorts'))
src='WRITE_SCRIPT = "x"\n'
src+='FW_PROTOCOLS=set(%r)\nFW_PROTOCOL_IDS=set(%r)\nFW_PROTOCOLS_WITH_PORTS=set(%r)\nFW_SERVICES=set(%r)\nFW_ICMP_TYPES=set(%r)\n'%(sorted(protos),sorted(set(protos.values())),wp,services,icmp)
for k in ['core','guest','proxmox','docker','firewall','services']:
    src+=parts[k]
open(sys.argv[1],'w').write(src)
